"""Runs one Spark SQL query from a .sql file and writes its result as Parquet, atomically.

The SQL stays in its own file with named parameter markers (:start_batch); values arrive as JSON and are
bound by Spark itself (spark.sql(text, args=...)), so nothing is spliced into SQL text. Input folders are
registered as temporary views before the query runs.

  spark-submit run_sql.py --sql aggregate.sql --params '{"start_batch": 1}' \
      --input raw_approaches=/opt/neo/output/raw/batch-number=1-20 --base-path /opt/neo/output/raw \
      --output /opt/neo/output/aggregations/batches-1-20

The output folder is replaced only once the new result is complete: written beside it under a hidden
name, then swapped in with one atomic exchange, so a failed run leaves the previous result intact. The
result rows are also printed as one line `RESULT_JSON [...]` for the caller.
"""

import argparse
import ctypes
import errno
import json
import os
import shutil
import sys
import time

from pyspark.sql import SparkSession


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sql", required=True, help="path of the .sql file holding one query")
    parser.add_argument("--params", default="{}", help="JSON object of named parameters")
    parser.add_argument("--input", action="append", default=[], metavar="VIEW=PATH[,PATH...]",
                        help="register Parquet folders as a temporary view")
    parser.add_argument("--base-path", help="dataset root, so partition folders are discovered as columns")
    parser.add_argument("--output", help="folder to replace with the result (Parquet, one file)")
    parser.add_argument("--app-name", default="neo-sql")
    return parser.parse_args(argv)


def register_inputs(spark, inputs, base_path):
    for spec in inputs:
        view, _, paths = spec.partition("=")
        reader = spark.read
        if base_path:
            reader = reader.option("basePath", base_path)
        reader.parquet(*paths.split(",")).createOrReplaceTempView(view)


# renameat2(2) flag: swap two existing paths in one step.
RENAME_EXCHANGE = 2
AT_FDCWD = -100


def exchange(first, second):
    """Swaps two folders in one system call; False where the kernel, libc or file system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except AttributeError:
        return False
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), second)


def replace_folder(result, output):
    """Write the result next to `output` under a hidden name, then swap it in.

    The swap is one renameat2(RENAME_EXCHANGE), so a reader sees the old result or the new one, never
    neither, and a run that dies at any point leaves the old result in place (at worst a hidden staging
    folder, which Spark, pyarrow and DuckDB skip). Where the exchange is unsupported, two renames.
    """
    parent, name = os.path.split(output.rstrip("/"))
    os.makedirs(parent, exist_ok=True)
    staging = os.path.join(parent, f".tmp-{name}-{os.getpid()}-{time.time_ns()}")
    try:
        result.coalesce(1).write.mode("overwrite").parquet("file://" + staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if not os.path.exists(output):
        os.rename(staging, output)
    elif exchange(staging, output):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the previous result
    else:
        retired = os.path.join(parent, f".old-{name}-{os.getpid()}-{time.time_ns()}")
        os.rename(output, retired)
        os.rename(staging, output)
        shutil.rmtree(retired, ignore_errors=True)


def main(argv):
    args = parse_args(argv)
    with open(args.sql, encoding="utf-8") as handle:
        query = handle.read().strip().rstrip(";")
    params = json.loads(args.params)

    spark = SparkSession.builder.appName(args.app_name).getOrCreate()
    try:
        register_inputs(spark, args.input, args.base_path)
        result = spark.sql(query, args=params).cache()
        rows = [row.asDict() for row in result.collect()]
        if args.output:
            replace_folder(result, args.output)
        print("RESULT_JSON " + json.dumps(rows, default=str), flush=True)
    finally:
        spark.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
