"""Prints, as JSON, the rows of a raw/ folder as pyarrow's dataset reader sees them (hidden files skipped,
folder names not read as columns): their count and a SHA-256 of the rows sorted, without the columns named
after the folder: python pyarrow_rows.py RAW_DIR [COLUMN_TO_LEAVE_OUT ...]"""
import hashlib
import json
import sys

import pyarrow.dataset as ds

table = ds.dataset(sys.argv[1], format="parquet").to_table()
table = table.drop_columns([name for name in sys.argv[2:] if name in table.column_names])
rows = sorted(json.dumps(row, sort_keys=True, default=str) for row in table.to_pylist())
print(json.dumps({"rows": len(rows), "sha256": hashlib.sha256("\n".join(rows).encode()).hexdigest()}))
