#!/usr/bin/env bash
# Aggregates batches <start>..<end> of the raw NEO data with Spark SQL on the compose cluster.
#   ./submit_spark_job.sh 1 200            (see --help for options)
set -euo pipefail
cd "$(dirname "$0")"
exec npx --no-install tsx spark-job/cli.ts "$@"
