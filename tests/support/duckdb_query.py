"""Prints, as JSON, the rows of one DuckDB query: python duckdb_query.py "SELECT ..." """
import json
import sys

import duckdb

rows = duckdb.sql(sys.argv[1])
print(json.dumps([dict(zip(rows.columns, r)) for r in rows.fetchall()], default=str))
