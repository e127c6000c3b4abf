"""The pyarrow contender of bench/writer.ts: the same page files to the same raw Parquet contract.

The page files are read into strings first (untimed, as on the Node side). Then for each page (in file
name order): json.loads, explode-outer into per-column lists (NEO attributes
repeated per approach, closest approach to any body), pyarrow arrays with the contract's types, snappy
Parquet written atomically (temp file, fsync, rename, directory fsync) like the project's writer.
It trusts its input: no validation. Prints {"rows", "seconds", "cpu_seconds", "bytes"} as JSON; the times
cover the loop only, not interpreter start-up, imports or reading the files, as on the Node side.

usage: writer_pyarrow.py CONTRACT_JSON INPUT_DIR OUTPUT_DIR INGESTED_AT_ISO
"""
import datetime
import json
import os
import sys
import time

import pyarrow as pa
import pyarrow.parquet as pq

ARROW_TYPES = {
    "string": pa.string(),
    "double": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
    "int": pa.int32(),
    "bigint": pa.int64(),
    "timestamp": pa.timestamp("us", tz="UTC"),
}
EPOCH_DAY = datetime.date(1970, 1, 1)


def decimal(text):
    return None if text is None else float(text)


def closest(approaches):
    best = None
    best_key = None
    for index, approach in enumerate(approaches):
        epoch = approach.get("epoch_date_close_approach")
        if epoch is None:
            epoch = (datetime.date.fromisoformat(approach["close_approach_date"]) - EPOCH_DAY).days * 86_400_000
        key = (float(approach["miss_distance"]["astronomical"]), epoch, index)
        if best_key is None or key < best_key:
            best, best_key = approach, key
    return best


def explode(neos, batch_number, ingested_at, names):
    columns = {name: [] for name in names}

    def repeat(name, value, times):
        columns[name].extend([value] * times)

    # Per-approach lists bound to locals: the inner loop is the hot one.
    approach_columns = [columns[name] for name in APPROACH_COLUMNS]
    (approach_date, approach_epoch_ms, miss_distance_au, miss_distance_km,
     miss_distance_lunar, relative_velocity, orbiting_body) = approach_columns
    for neo in neos:
        approaches = neo["close_approach_data"]
        n = max(1, len(approaches))
        meters = (neo.get("estimated_diameter") or {}).get("meters") or {}
        orbit = neo.get("orbital_data") or {}
        best = closest(approaches) or {}
        best_velocity = best.get("relative_velocity") or {}
        repeat("id", neo.get("id") or neo.get("neo_reference_id"), n)
        repeat("neo_reference_id", neo.get("neo_reference_id"), n)
        repeat("name", neo["name"], n)
        repeat("name_limited", neo.get("name_limited"), n)
        repeat("designation", neo.get("designation"), n)
        repeat("nasa_jpl_url", neo.get("nasa_jpl_url"), n)
        repeat("absolute_magnitude_h", neo.get("absolute_magnitude_h"), n)
        repeat("is_potentially_hazardous_asteroid", neo["is_potentially_hazardous_asteroid"], n)
        repeat("minimum_estimated_diameter_meters", meters.get("estimated_diameter_min"), n)
        repeat("maximum_estimated_diameter_meters", meters.get("estimated_diameter_max"), n)
        repeat("closest_approach_miss_distance_km", decimal((best.get("miss_distance") or {}).get("kilometers")), n)
        repeat("closest_approach_date", best.get("close_approach_date"), n)
        repeat("closest_approach_relative_velocity_km_per_sec", decimal(best_velocity.get("kilometers_per_second")), n)
        repeat("closest_approach_orbiting_body", best.get("orbiting_body"), n)
        repeat("first_observation_date", orbit.get("first_observation_date"), n)
        repeat("last_observation_date", orbit.get("last_observation_date"), n)
        repeat("observations_used", orbit.get("observations_used"), n)
        repeat("orbital_period", decimal(orbit.get("orbital_period")), n)
        repeat("batch_number", batch_number, n)
        repeat("ingested_at", ingested_at, n)
        if not approaches:
            for column in approach_columns:
                column.append(None)
        for approach in approaches:
            miss = approach["miss_distance"]
            velocity = approach.get("relative_velocity") or {}
            approach_date.append(approach["close_approach_date"])
            approach_epoch_ms.append(approach.get("epoch_date_close_approach"))
            miss_distance_au.append(float(miss["astronomical"]))
            miss_distance_km.append(decimal(miss.get("kilometers")))
            miss_distance_lunar.append(decimal(miss.get("lunar")))
            relative_velocity.append(decimal(velocity.get("kilometers_per_second")))
            orbiting_body.append(approach.get("orbiting_body"))
    return columns


APPROACH_COLUMNS = (
    "approach_date", "approach_epoch_ms", "miss_distance_au", "miss_distance_km",
    "miss_distance_lunar", "relative_velocity_km_per_sec", "orbiting_body",
)


def to_table(columns, contract, schema):
    arrays = []
    for spec, field in zip(contract, schema):
        values = columns[spec["name"]]
        if spec["type"] == "date":
            # Strings cast in C++: far faster than a date object per value in Python.
            arrays.append(pa.array(values, pa.string()).cast(pa.date32()))
        else:
            arrays.append(pa.array(values, field.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def write_atomic(table, path):
    directory, name = os.path.split(path)
    temp = os.path.join(directory, f".tmp-{os.getpid()}-{name}")
    with open(temp, "wb") as handle:
        pq.write_table(table, handle, compression="snappy")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return os.path.getsize(path)


def main(contract_path, input_dir, output_dir, ingested_at_iso):
    with open(contract_path) as handle:
        contract = json.load(handle)
    schema = pa.schema([pa.field(c["name"], ARROW_TYPES[c["type"]], nullable=c["nullable"]) for c in contract])
    names = [c["name"] for c in contract]
    ingested_at = datetime.datetime.fromisoformat(ingested_at_iso.replace("Z", "+00:00"))
    os.makedirs(output_dir, exist_ok=True)
    files = sorted(os.listdir(input_dir))
    bodies = []
    for file in files:
        with open(os.path.join(input_dir, file), encoding="utf-8") as handle:
            bodies.append(handle.read())
    rows = 0
    size = 0
    start = time.perf_counter()
    cpu_start = time.process_time()
    for file, body in zip(files, bodies):
        batch_number = int(file.split("-")[1].split(".")[0])
        page = json.loads(body)
        columns = explode(page["near_earth_objects"], batch_number, ingested_at, names)
        table = to_table(columns, contract, schema)
        size += write_atomic(table, os.path.join(output_dir, file.replace(".json", ".parquet")))
        rows += table.num_rows
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    print(json.dumps({"rows": rows, "seconds": seconds, "cpu_seconds": cpu_seconds, "bytes": size}))


if __name__ == "__main__":
    main(*sys.argv[1:])
