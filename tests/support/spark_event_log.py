"""Prints, as JSON, what one Spark application's event log (spark.eventLog.dir) says about it:
python spark_event_log.py <spark-events dir> <app id>

  scans             root paths of every Parquet scan: plan nodes carry `Location: InMemoryFileIndex(N
                    paths)[p1, p2]`, exactly the folders the driver was given (partition pruning)
  executorsRemoved  hosts of executors the application lost, with Spark's reason
  tasksFailed       task attempts that ended other than successfully (a lost executor's tasks, say)
  tasksSucceeded    task attempts that ended successfully
  stagesRun         stage attempts that ran (skipped stages, whose shuffle output was reused, do not)
  shuffledRecords   records every task wrote to a shuffle, all stages together
"""
import glob
import json
import os
import re
import sys

import pyarrow as pa

LOCATION = re.compile(r"^InMemoryFileIndex\(\d+ paths?\)\[(.*)\]$")


def events(folder):
    for path in sorted(glob.glob(os.path.join(folder, "events_*"))):
        raw = pa.OSFile(path)
        stream = pa.CompressedInputStream(raw, "zstd") if path.endswith(".zstd") else raw
        for line in stream.read().decode().splitlines():
            yield json.loads(line)


def locations(node, found):
    location = node.get("metadata", {}).get("Location")
    if location:
        match = LOCATION.match(location)
        found.add(tuple(sorted(p.strip() for p in match.group(1).split(","))) if match else (location,))
    for child in node.get("children", []):
        locations(child, found)


events_dir, app_id = sys.argv[1], sys.argv[2]
scans = set()
hosts = {}
removed = []
failed = 0
succeeded = 0
stages_run = 0
shuffled = 0
for event in events(os.path.join(events_dir, f"eventlog_v2_{app_id}")):
    kind = event["Event"]
    if "sparkPlanInfo" in event:
        locations(event["sparkPlanInfo"], scans)
    elif kind == "SparkListenerExecutorAdded":
        hosts[event["Executor ID"]] = event["Executor Info"]["Host"]
    elif kind == "SparkListenerExecutorRemoved":
        removed.append({"host": hosts.get(event["Executor ID"]), "reason": event.get("Removed Reason", "")})
    elif kind == "SparkListenerTaskEnd":
        failed += event["Task End Reason"]["Reason"] != "Success"
        succeeded += event["Task End Reason"]["Reason"] == "Success"
        shuffled += event.get("Task Metrics", {}).get("Shuffle Write Metrics", {}).get("Shuffle Records Written", 0)
    elif kind == "SparkListenerStageCompleted":
        stages_run += 1
print(json.dumps({"scans": sorted(list(paths) for paths in scans), "executorsRemoved": removed, "tasksFailed": failed,
                  "tasksSucceeded": succeeded, "stagesRun": stages_run, "shuffledRecords": shuffled}))
