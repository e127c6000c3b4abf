#!/usr/bin/env bash
# Prepares a machine to run the pipeline and its tests. Idempotent: a second run only checks.
#   1. npm dependencies (npm ci)          3. a running Docker engine with docker-compose
#   2. Python venv for read-back checks  4. the Spark image (neo-spark:latest), rebuilt only when docker/ changes
#   5. Debian's chromium for the report's browser test   6. ./output, writable by the containers' uid 1000
# Installing and starting Docker needs root (apt-get, dockerd); elsewhere start Docker yourself first.
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE="${NEO_SPARK_IMAGE:-neo-spark:latest}"
PUBLIC_BASE="${SPARK_BASE_IMAGE:-debian:bookworm-slim}"
LOCAL_BASE="neo-local/debian:bookworm"
DOCKERD_LOG="${DOCKERD_LOG:-/var/log/neo-dockerd.log}"

log() { printf '[setup %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }
have() { command -v "$1" >/dev/null 2>&1; }

apt_install() {
  is_root || die "missing $* and not root: install them (Debian: sudo apt-get install $*) and run again"
  log "installing Debian packages: $*"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null
}

npm_dependencies() {
  if [ -f node_modules/.package-lock.json ] && [ ! package-lock.json -nt node_modules/.package-lock.json ]; then
    log "npm dependencies up to date"
  else
    log "npm ci"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

python_venv() {
  local want have_sum
  want=$(sha256sum requirements-dev.txt | cut -c1-16)
  have_sum=$(cat .venv/.requirements 2>/dev/null || true)
  if [ "$want" = "$have_sum" ]; then
    log "python venv up to date (pyarrow, duckdb)"
    return
  fi
  log "python venv .venv: installing requirements-dev.txt"
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
  echo "$want" > .venv/.requirements
}

docker_engine() {
  if ! have docker || { ! docker info >/dev/null 2>&1 && ! have dockerd; }; then
    apt_install docker.io
  fi
  if ! docker info >/dev/null 2>&1; then
    is_root || die "the Docker engine is not running: start it (e.g. sudo systemctl start docker) and run again"
    log "starting dockerd (log: $DOCKERD_LOG)"
    setsid dockerd >"$DOCKERD_LOG" 2>&1 < /dev/null &
    for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
    docker info >/dev/null 2>&1 || die "dockerd did not answer within 60 s; see $DOCKERD_LOG"
  fi
  log "docker engine $(docker version --format '{{.Server.Version}}')"
  if ! have docker-compose && ! docker compose version >/dev/null 2>&1; then
    apt_install docker-compose
  fi
}

# Build context fingerprint: the image is rebuilt only when something in docker/ changes.
context_hash() {
  find docker -type f ! -name .gitkeep -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16
}

spark_image() {
  # Trust the host's extra CAs inside the build (e.g. a TLS-inspecting proxy in front of PyPI).
  find docker/certs -name '*.crt' -delete
  cp /usr/local/share/ca-certificates/*.crt docker/certs/ 2>/dev/null || true
  local hash
  hash=$(context_hash)
  if [ "$(docker image inspect -f '{{index .Config.Labels "neo.context"}}' "$IMAGE" 2>/dev/null)" = "$hash" ]; then
    log "image $IMAGE up to date ($(docker image inspect -f '{{.Size}}' "$IMAGE" | numfmt --to=iec))"
    return
  fi
  local base="$PUBLIC_BASE"
  if ! docker image inspect "$base" >/dev/null 2>&1 && ! timeout 120 docker pull -q "$base" >/dev/null 2>&1; then
    log "no registry answers for $base: using a base built from Debian's packages"
    base="$LOCAL_BASE"
    if ! docker image inspect "$base" >/dev/null 2>&1; then
      have debootstrap || apt_install debootstrap
      bash docker/build-local-base.sh "$base"
    fi
  fi
  log "building $IMAGE on $base"
  local started=$SECONDS
  docker build -q --label "neo.context=$hash" --build-arg "BASE_IMAGE=$base" -t "$IMAGE" docker >/dev/null
  log "built $IMAGE in $((SECONDS - started)) s ($(docker image inspect -f '{{.Size}}' "$IMAGE" | numfmt --to=iec))"
}

# Headless Chromium for the report's browser test, from Debian: no test tool can download its own browser here.
chromium_browser() {
  if have chromium; then
    log "chromium up to date ($(chromium --version 2>/dev/null | head -1))"
    return
  fi
  apt_install chromium
  log "installed $(chromium --version 2>/dev/null | head -1)"
}

output_dir() {
  mkdir -p output/spark-events output/aggregations
  # The containers write as uid 1000, whoever runs this.
  chmod 0777 output output/spark-events output/aggregations 2>/dev/null || true
}

started=$SECONDS
npm_dependencies
python_venv
docker_engine
spark_image
chromium_browser
output_dir
log "ready in $((SECONDS - started)) s. Next: npm start (the pipeline) or npm test"
