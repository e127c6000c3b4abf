"""Runs Spark SQL from .sql files and writes each result as Parquet, atomically.

The SQL stays in its own files with named parameter markers (:start_batch); values arrive as JSON and are
bound by Spark itself (spark.sql(text, args=...)), so nothing is spliced into SQL text.

  spark-submit run_sql.py --params '{"start_batch": 1, ...}' \
      --input raw_approaches=/opt/neo/output/raw/batch-number=1-20 --base-path /opt/neo/output/raw \
      --driver-view neo_copies=neo_copies.sql --view kept_approaches=kept_approaches.sql ...
      --result metrics.sql=/opt/neo/output/aggregations/batches-1-20 ...

In order: --input folders become temporary views; then each --view and --driver-view file, in the order
given (each may read those before it), becomes a view. A --view runs nothing yet; a --driver-view is run
once and its rows, which must be few, are kept on the driver as a local relation, so what is read from it
afterwards costs no second pass over the input (and a join with it is a broadcast); consecutive driver
views run at once and must not read each other. The --result files are then run together in one Spark job
and collected. A result column named sort_key orders its rows and is not written. The first result's rows
are printed as one line `RESULT_JSON [...]` for the caller, and the time spent as `TIMING_JSON {...}` (see
main()). With --progress-s, the application's stages are printed every so often as `PROGRESS_JSON {...}`.

Each result replaces its output folder only once every result is complete: all are written beside their
targets under hidden names first, then each is swapped in with one atomic exchange, so a failed run
leaves every previous result intact.
"""

import argparse
import concurrent.futures
import ctypes
import errno
import functools
import itertools
import json
import os
import shutil
import sys
import threading
import time

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import StructField, StructType

SORT_KEY = "sort_key"
RESULT_TAG = "result_index"


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--params", default="{}", help="JSON object of named parameters")
    parser.add_argument("--input", action="append", default=[], metavar="VIEW=PATH[,PATH...]",
                        help="register Parquet folders as a temporary view")
    parser.add_argument("--base-path", help="dataset root, so partition folders are discovered as columns")
    parser.add_argument("--schema", help="the inputs' columns as DDL; spares a job reading a footer to infer them")
    # Both flags append to one list, so the views are defined in the order given.
    parser.add_argument("--view", dest="views", action="append", default=[], metavar="VIEW=SQL_FILE",
                        type=lambda spec: (spec, False))
    parser.add_argument("--driver-view", dest="views", action="append", metavar="VIEW=SQL_FILE",
                        type=lambda spec: (spec, True))
    parser.add_argument("--result", action="append", default=[], metavar="SQL_FILE=FOLDER",
                        help="a query whose result replaces FOLDER (Parquet, one file)")
    parser.add_argument("--app-name", default="neo-sql")
    parser.add_argument("--progress-s", type=float, help="print PROGRESS_JSON lines this often (seconds)")
    return parser.parse_args(argv)


def read_sql(path):
    with open(path, encoding="utf-8") as handle:
        return handle.read().strip().rstrip(";")


def register_inputs(spark, inputs, base_path, schema):
    for spec in inputs:
        view, _, paths = spec.partition("=")
        reader = spark.read
        if base_path:
            reader = reader.option("basePath", base_path)
        if schema:
            reader = reader.schema(schema)
        reader.parquet(*paths.split(",")).createOrReplaceTempView(view)


def register_views(spark, views, params):
    """Defines the views in order; consecutive driver views are run at once, on threads of their own, so
    that one's planning on the driver overlaps another's tasks (they must not read each other)."""
    def define(spec, on_driver):
        name, _, path = spec.partition("=")
        frame = spark.sql(read_sql(path), args=params)
        if on_driver:
            # Rebuilt from Arrow, the rows are a local relation, which Spark broadcasts without a job.
            frame = spark.createDataFrame(frame.toArrow())
        frame.createOrReplaceTempView(name)

    for on_driver, group in itertools.groupby(views, key=lambda view: view[1]):
        specs = [spec for spec, _ in group]
        if not on_driver:
            for spec in specs:
                define(spec, False)
            continue
        with concurrent.futures.ThreadPoolExecutor(len(specs)) as pool:
            # list() waits for every view and raises the first failure.
            list(pool.map(lambda spec: define(spec, True), specs))


def collect_together(frames):
    """Every result in one Spark job: each packed as a struct column of one union, unpacked on the driver.

    The structs' fields are made nullable, as the other results' rows hold null there: Arrow refuses a
    non-null field under a struct that is null.
    """
    types = [StructType([StructField(f.name, f.dataType, True) for f in frame.schema.fields]) for frame in frames]
    packed = [
        frame.select(F.lit(index).alias(RESULT_TAG), *[
            (F.struct(*frame.columns) if other == index else F.lit(None)).cast(types[other]).alias(f"result_{other}")
            for other in range(len(frames))])
        for index, frame in enumerate(frames)]
    union = functools.reduce(lambda a, b: a.union(b), packed).toArrow()
    tables = []
    for index in range(len(frames)):
        rows = union.filter(pc.equal(union[RESULT_TAG], index))[f"result_{index}"].combine_chunks()
        table = pa.Table.from_arrays(rows.flatten(), schema=pa.schema(list(rows.type)))
        if SORT_KEY in table.column_names:
            table = table.sort_by(SORT_KEY).drop_columns([SORT_KEY])
        tables.append(table)
    return tables


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


def write_staging(table, output):
    """Writes the table as one Parquet file plus _SUCCESS in a hidden folder beside `output`, fsynced."""
    parent, name = os.path.split(output.rstrip("/"))
    os.makedirs(parent, exist_ok=True)
    staging = os.path.join(parent, f".tmp-{name}-{os.getpid()}-{time.time_ns()}")
    os.mkdir(staging)
    try:
        for file_name, write in (("part-00000.snappy.parquet", lambda path: pq.write_table(table, path)),
                                 ("_SUCCESS", lambda path: open(path, "wb").close())):
            path = os.path.join(staging, file_name)
            write(path)
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def swap_in(staging, output):
    """One renameat2(RENAME_EXCHANGE): a reader sees the old result or the new one, never neither. Where
    the exchange is unsupported, two renames."""
    parent, name = os.path.split(output.rstrip("/"))
    if not os.path.exists(output):
        os.rename(staging, output)
    elif exchange(staging, output):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the previous result
    else:
        retired = os.path.join(parent, f".old-{name}-{os.getpid()}-{time.time_ns()}")
        os.rename(output, retired)
        os.rename(staging, output)
        shutil.rmtree(retired, ignore_errors=True)


def replace_folders(tables, outputs):
    """Stages every result first, so a failure while writing any of them replaces none."""
    stagings = []
    try:
        for table, output in zip(tables, outputs):
            stagings.append(write_staging(table, output))
    except BaseException:
        for staging in stagings:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    for staging, output in zip(stagings, outputs):
        swap_in(staging, output)


def stage_progress(tracker, stage_id, job_status, active):
    """A stage as the driver UI's REST API lists it (spark-job/report/driver-progress.ts reads it)."""
    info = tracker.getStageInfo(stage_id)
    if info is None:
        return None
    if stage_id in active:
        status = "ACTIVE"
    elif info.numTasks > 0 and info.numCompletedTasks == info.numTasks:
        status = "COMPLETE"
    elif job_status != "RUNNING":
        # A finished job's stage that ran no task: its shuffle output was reused (or the job failed first).
        status = "SKIPPED" if job_status == "SUCCEEDED" else "FAILED"
    else:
        status = "PENDING"
    return {"stageId": stage_id, "attemptId": info.currentAttemptId, "status": status, "numTasks": info.numTasks,
            "numActiveTasks": info.numActiveTasks, "numCompleteTasks": info.numCompletedTasks,
            "numFailedTasks": info.numFailedTasks}


def report_progress(spark, every_s):
    """Starts a thread printing `PROGRESS_JSON {"appId": ..., "stages": [...]}` every every_s seconds until
    the returned stop() is called. It asks the driver's status tracker in-process: the caller polling the
    driver UI's REST API instead cost the driver about 2 s of a 20 s job on a 2-core machine."""
    tracker = spark.sparkContext.statusTracker()
    app_id = spark.sparkContext.applicationId
    stopping = threading.Event()
    finished = {}  # stages whose numbers can no longer change, not asked again

    def snapshot():
        active = set(tracker.getActiveStageIds())
        stages = {}
        for job in filter(None, map(tracker.getJobInfo, tracker.getJobIdsForGroup())):
            for stage_id in job.stageIds:
                stage = finished.get(stage_id) or stage_progress(tracker, stage_id, job.status, active)
                if stage is None:
                    continue
                if stage["status"] in ("COMPLETE", "SKIPPED", "FAILED"):
                    finished[stage_id] = stage
                stages[stage_id] = stage
        return {"appId": app_id, "stages": [stages[key] for key in sorted(stages)]}

    def show():
        sys.stdout.write("PROGRESS_JSON " + json.dumps(snapshot()) + "\n")
        sys.stdout.flush()

    def run():
        show()
        while not stopping.wait(every_s):
            show()
        show()  # the stages as they ended

    thread = threading.Thread(target=run, name="progress", daemon=True)
    thread.start()

    def stop():
        stopping.set()
        thread.join()
    return stop


def executors_ready_at(spark):
    """When the last executor registered (epoch s); None in local mode, where the driver runs the tasks."""
    executors = spark.sparkContext._jsc.sc().statusStore().executorList(False)
    added = [executors.apply(i).addTime().getTime() / 1000 for i in range(executors.size())
             if executors.apply(i).id() != "driver"]
    return max(added, default=None)


def main(argv):
    args = parse_args(argv)
    params = json.loads(args.params)
    results = [spec.rpartition("=")[::2] for spec in args.result]

    spark = SparkSession.builder.appName(args.app_name).getOrCreate()
    session_ready = time.time()
    try:
        context = spark.sparkContext
        # As many shuffle partitions as the application has cores: one wave of tasks per shuffle.
        spark.conf.set("spark.sql.shuffle.partitions", str(context.defaultParallelism))
        # The driver lists the partition folders itself: above the default 32 folders Spark would list them in
        # a job on the executors, which took 3 s for 100 folders here.
        spark.conf.set("spark.sql.sources.parallelPartitionDiscovery.threshold", "100000")
        driver_started = spark._jvm.java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime() / 1000

        stop_progress = report_progress(spark, args.progress_s) if args.progress_s else lambda: None
        try:
            register_inputs(spark, args.input, args.base_path, args.schema)
            register_views(spark, args.views, params)
            tables = collect_together([spark.sql(read_sql(path), args=params) for path, _ in results])
        finally:
            stop_progress()
        collected = time.time()
        replace_folders(tables, [output for _, output in results])
        written = time.time()
        print("RESULT_JSON " + json.dumps(tables[0].to_pylist(), default=str), flush=True)
        # Read after the query: the session is up before the executors have registered, and the scheduler
        # waits for them (spark.scheduler.minRegisteredResourcesRatio); that wait is taken out of the query.
        ready = executors_ready_at(spark)
        waited = 0.0 if ready is None else max(0.0, ready - session_ready)
        timing = {
            "session_s": session_ready - driver_started,
            "executors_s": waited,
            "query_s": collected - session_ready - waited,
            "write_s": written - collected,
        }
        print("TIMING_JSON " + json.dumps({key: round(value, 3) for key, value in timing.items()}), flush=True)
    finally:
        spark.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
