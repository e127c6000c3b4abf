"""Prints, as JSON, which of the given files hold any of the needles once decoded, for the files a byte
search cannot see into: zstd-compressed Spark event logs (events_*.zstd) and Parquet files (cells of every
column, as text, and the key-value metadata).

  python find_text.py <needle>[,<needle>...] <file>...
"""
import json
import sys

import pyarrow as pa
import pyarrow.parquet as pq


def decoded_texts(path):
    if path.endswith(".zstd"):
        yield pa.CompressedInputStream(pa.OSFile(path), "zstd").read().decode("utf-8", "replace")
    elif path.endswith(".parquet"):
        table = pq.read_table(path)
        for column in table.columns:
            yield "\n".join("" if value is None else str(value) for value in column.to_pylist())
        for key, value in (table.schema.metadata or {}).items():
            yield key.decode("utf-8", "replace") + "=" + value.decode("utf-8", "replace")
    else:
        with open(path, "rb") as handle:
            yield handle.read().decode("utf-8", "replace")


needles = sys.argv[1].split(",")
print(json.dumps([path for path in sys.argv[2:] if any(n in text for text in decoded_texts(path) for n in needles)]))
