#!/usr/bin/env bash
# Builds a Debian bookworm base image from Debian's packages, for machines that cannot reach a container
# registry (so `FROM debian:bookworm-slim` fails there). The result stands in for that public image.
# Usage: docker/build-local-base.sh [IMAGE_TAG]
set -euo pipefail
tag="${1:-neo-local/debian:bookworm}"
# The mirror apt on this host already uses (deb822 or one-line sources), so no new host is contacted.
mirror=$(grep -hoE '^(URIs:|deb) +https?://[^ ]+' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null \
  | grep -v security | awk '{print $2}' | head -n 1 || true)
mirror="${mirror:-http://deb.debian.org/debian}"
command -v debootstrap >/dev/null \
  || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap; }
rootfs=$(mktemp -d /var/tmp/neo-base.XXXXXX)
trap 'rm -rf "$rootfs"' EXIT
echo "[base] debootstrap bookworm from $mirror"
debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$rootfs.log" 2>&1 || { tail -20 "$rootfs.log"; exit 1; }
rm -f "$rootfs.log"
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
tar -C "$rootfs" -c . | docker import - "$tag" >/dev/null
echo "[base] imported $tag"
