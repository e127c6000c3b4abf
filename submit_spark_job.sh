#!/usr/bin/env bash
# Aggregates batches <start>..<end> of the raw NEO data with Spark SQL on the compose cluster.
#   ./submit_spark_job.sh 1 200            (see --help for options)
set -euo pipefail
cd "$(dirname "$0")"
# Node with the project's tsx loader, in one process: npx and the tsx launcher took a second more to start.
loader=node_modules/tsx/dist/loader.mjs
if [[ ! -f $loader ]]; then
  echo "error: the project's packages are not installed ($loader is missing): run \`npm run setup\` first" >&2
  exit 1
fi
exec node --import "./$loader" spark-job/cli.ts "$@"
