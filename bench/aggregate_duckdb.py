"""Runs bench/aggregate.duckdb.sql over a raw/ folder and prints {"seconds": ..., "metrics": {...}}.
   python aggregate_duckdb.py RAW_DIR START END THRESHOLD LABEL"""
import glob
import json
import os
import sys
import time

import duckdb

raw_dir, start, end, threshold, label = sys.argv[1:6]
began = time.monotonic()
# Hidden names are temp files of a write in flight: skip them as Spark does.
files = sorted(glob.glob(os.path.join(raw_dir, "batch-number=*", "[!.]*.parquet")))
with open(os.path.join(os.path.dirname(__file__), "aggregate.duckdb.sql"), encoding="utf-8") as handle:
    query = handle.read()
params = {"files": files, "start_batch": int(start), "end_batch": int(end), "threshold": float(threshold),
          "threshold_label": label}
rows = duckdb.execute(query, params).fetchall()
print(json.dumps({"seconds": time.monotonic() - began, "metrics": {metric: value for metric, value in rows}}))
