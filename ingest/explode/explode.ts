// Explode-outer of valid NEOs into the raw columns: one row per close approach with the NEO's attributes
// repeated; a NEO without approaches still gets one row, its approach columns null. This is the one
// place that says which API field feeds which column.
import type { CloseApproach, Neo } from '../../core/schema.ts';
import { neoId } from '../validate/neo-id.ts';
import { closestApproachRow } from './closest-approach.ts';
import { bigint, day, decimal, double, flag, int, micros } from './encodings.ts';
import { allocateColumns, cell, fill, fillText, type RawColumnSet, type RawColumns, textCell } from './raw-columns.ts';

export interface Lineage {
  readonly batchNumber: number;
  readonly ingestedAt: Date;
}

function rowCount(neos: readonly Neo[]): number {
  let rows = 0;
  for (const neo of neos) rows += Math.max(1, neo.close_approach_data.length);
  return rows;
}

export function explodeNeos(neos: readonly Neo[], lineage: Lineage): RawColumns {
  const exploded = allocateColumns(rowCount(neos));
  const { columns } = exploded;
  const batchNumber = int(lineage.batchNumber);
  const ingestedAt = micros(lineage.ingestedAt);
  let start = 0;
  for (const neo of neos) {
    const approaches = neo.close_approach_data;
    const end = start + Math.max(1, approaches.length);
    // Without approaches the row's approach columns keep the null they were allocated with.
    for (let k = 0; k < approaches.length; k++) fillApproach(columns, start + k, approaches[k] as CloseApproach);
    fillNeo(columns, start, end, neo, closestApproachRow(columns, start, start + approaches.length));
    fill(columns.batch_number, start, end, batchNumber);
    fill(columns.ingested_at, start, end, ingestedAt);
    start = end;
  }
  return exploded;
}

/** `closest`: the row of the NEO's closest approach, -1 if it has none. */
function fillNeo(c: RawColumnSet, from: number, to: number, neo: Neo, closest: number): void {
  const meters = neo.estimated_diameter?.meters;
  const orbit = neo.orbital_data;
  fillText(c.id, from, to, neoId(neo));
  fillText(c.neo_reference_id, from, to, neo.neo_reference_id);
  fillText(c.name, from, to, neo.name);
  fillText(c.name_limited, from, to, neo.name_limited);
  fillText(c.designation, from, to, neo.designation);
  fillText(c.nasa_jpl_url, from, to, neo.nasa_jpl_url);
  fill(c.absolute_magnitude_h, from, to, double(neo.absolute_magnitude_h));
  fill(c.is_potentially_hazardous_asteroid, from, to, flag(neo.is_potentially_hazardous_asteroid));
  fill(c.minimum_estimated_diameter_meters, from, to, double(meters?.estimated_diameter_min));
  fill(c.maximum_estimated_diameter_meters, from, to, double(meters?.estimated_diameter_max));
  fill(c.closest_approach_miss_distance_km, from, to, cell(c.miss_distance_km, closest));
  fill(c.closest_approach_date, from, to, cell(c.approach_date, closest));
  fill(c.closest_approach_relative_velocity_km_per_sec, from, to, cell(c.relative_velocity_km_per_sec, closest));
  fillText(c.closest_approach_orbiting_body, from, to, textCell(c.orbiting_body, closest));
  fill(c.first_observation_date, from, to, day(orbit?.first_observation_date));
  fill(c.last_observation_date, from, to, day(orbit?.last_observation_date));
  fill(c.observations_used, from, to, int(orbit?.observations_used));
  fill(c.orbital_period, from, to, decimal(orbit?.orbital_period));
}

function fillApproach(c: RawColumnSet, row: number, approach: CloseApproach): void {
  const next = row + 1;
  fill(c.approach_date, row, next, day(approach.close_approach_date));
  fill(c.approach_epoch_ms, row, next, bigint(approach.epoch_date_close_approach));
  fill(c.miss_distance_au, row, next, decimal(approach.miss_distance.astronomical));
  fill(c.miss_distance_km, row, next, decimal(approach.miss_distance.kilometers));
  fill(c.miss_distance_lunar, row, next, decimal(approach.miss_distance.lunar));
  fill(c.relative_velocity_km_per_sec, row, next, decimal(approach.relative_velocity?.kilometers_per_second));
  fillText(c.orbiting_body, row, next, approach.orbiting_body);
}
