"""Reads the raw Parquet files of parquet-readback.test.ts back with pyarrow and DuckDB, and checks every
value against rows recomputed here, independently, from the JSON page each file came from.

usage: parquet_readback.py CASES_JSON
CASES_JSON: [{"json": page path, "parquet": file path, "batch_number": n, "ingested_at": ISO}, ...]
Prints one JSON object per case: types as each engine names them, row counts, key/value metadata,
and the first value mismatches (none expected).
"""
import datetime
import json
import sys

import duckdb
import pyarrow.parquet as pq

EPOCH_DAY = datetime.date(1970, 1, 1)
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
MAX_MISMATCHES = 20


def number(value):
    """A decimal string or JSON number as a double: float() is the nearest double, as the contract says."""
    return None if value is None else float(value)


def iso_day(text):
    return None if text is None else datetime.date.fromisoformat(text)


def closest(approaches):
    """Least astronomical miss distance to any body; ties: earliest epoch (else date), then first listed."""
    def key(indexed):
        index, approach = indexed
        epoch = approach.get("epoch_date_close_approach")
        if epoch is None:
            epoch = (iso_day(approach["close_approach_date"]) - EPOCH_DAY).days * 86_400_000
        return (float(approach["miss_distance"]["astronomical"]), epoch, index)

    return min(enumerate(approaches), key=key)[1] if approaches else None


def expected_rows(page, batch_number, ingested_at):
    for neo in page["near_earth_objects"]:
        meters = neo.get("estimated_diameter", {}).get("meters", {})
        orbit = neo.get("orbital_data", {})
        best = closest(neo["close_approach_data"])
        neo_row = {
            "id": neo.get("id", neo.get("neo_reference_id")),
            "neo_reference_id": neo.get("neo_reference_id"),
            "name": neo["name"],
            "name_limited": neo.get("name_limited"),
            "designation": neo.get("designation"),
            "nasa_jpl_url": neo.get("nasa_jpl_url"),
            "absolute_magnitude_h": number(neo.get("absolute_magnitude_h")),
            "is_potentially_hazardous_asteroid": neo["is_potentially_hazardous_asteroid"],
            "minimum_estimated_diameter_meters": number(meters.get("estimated_diameter_min")),
            "maximum_estimated_diameter_meters": number(meters.get("estimated_diameter_max")),
            "closest_approach_miss_distance_km": number(best and best["miss_distance"].get("kilometers")),
            "closest_approach_date": iso_day(best and best["close_approach_date"]),
            "closest_approach_relative_velocity_km_per_sec": number(
                best and best.get("relative_velocity", {}).get("kilometers_per_second")
            ),
            "closest_approach_orbiting_body": best and best.get("orbiting_body"),
            "first_observation_date": iso_day(orbit.get("first_observation_date")),
            "last_observation_date": iso_day(orbit.get("last_observation_date")),
            "observations_used": orbit.get("observations_used"),
            "orbital_period": number(orbit.get("orbital_period")),
            "batch_number": batch_number,
            "ingested_at": ingested_at,
        }
        for approach in neo["close_approach_data"] or [None]:
            approach = approach or {}
            miss = approach.get("miss_distance", {})
            yield {
                **neo_row,
                "approach_date": iso_day(approach.get("close_approach_date")),
                "approach_epoch_ms": approach.get("epoch_date_close_approach"),
                "miss_distance_au": number(miss.get("astronomical")),
                "miss_distance_km": number(miss.get("kilometers")),
                "miss_distance_lunar": number(miss.get("lunar")),
                "relative_velocity_km_per_sec": number(
                    approach.get("relative_velocity", {}).get("kilometers_per_second")
                ),
                "orbiting_body": approach.get("orbiting_body"),
            }


def same(a, b):
    # bool is an int in Python: True == 1 must not pass for a boolean column.
    return type(a) is type(b) and a == b


def mismatches(engine, actual_rows, expected):
    found = []
    for index, (actual, wanted) in enumerate(zip(actual_rows, expected)):
        for name, value in wanted.items():
            if not same(actual.get(name), value):
                found.append(f"{engine} row {index} {name}: got {actual.get(name)!r}, want {value!r}")
    return found


def check(case):
    with open(case["json"], encoding="utf-8") as handle:
        page = json.load(handle)
    ingested_at = datetime.datetime.fromisoformat(case["ingested_at"].replace("Z", "+00:00"))
    expected = list(expected_rows(page, case["batch_number"], ingested_at))

    parquet = pq.ParquetFile(case["parquet"])
    table = parquet.read()
    metadata = {
        key.decode(): value.decode("utf-8", "replace") for key, value in (parquet.metadata.metadata or {}).items()
    }

    connection = duckdb.connect()
    relation = connection.sql(f"SELECT * FROM read_parquet('{case['parquet']}')")
    duck_types = list(zip(relation.columns, [str(t) for t in relation.types]))
    # Timestamps with a zone come back as epoch microseconds, so no time-zone package is needed to compare.
    duck_rows = [
        dict(zip(relation.columns, row))
        for row in connection.sql(
            f"SELECT * REPLACE (epoch_us(ingested_at) AS ingested_at) FROM read_parquet('{case['parquet']}')"
        ).fetchall()
    ]
    micros = (ingested_at - EPOCH) // datetime.timedelta(microseconds=1)
    duck_expected = [{**row, "ingested_at": micros} for row in expected]

    problems = mismatches("pyarrow", table.to_pylist(), expected) + mismatches("duckdb", duck_rows, duck_expected)
    return {
        "parquet": case["parquet"],
        "pyarrow_types": [[f.name, str(f.type), f.nullable] for f in table.schema],
        "duckdb_types": duck_types,
        "expected_rows": len(expected),
        "pyarrow_rows": table.num_rows,
        "duckdb_rows": len(duck_rows),
        "row_groups": parquet.metadata.num_row_groups,
        "compression": sorted({parquet.metadata.row_group(0).column(i).compression for i in range(table.num_columns)})
        if parquet.metadata.num_row_groups
        else [],
        "metadata": metadata,
        "mismatch_count": len(problems),
        "mismatches": problems[:MAX_MISMATCHES],
    }


def main(cases_path):
    with open(cases_path) as handle:
        cases = json.load(handle)
    print(json.dumps([check(case) for case in cases]))


if __name__ == "__main__":
    main(*sys.argv[1:])
