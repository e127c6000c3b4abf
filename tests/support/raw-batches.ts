// Raw Parquet batches straight from the stand-in's catalogue, without HTTP: batch n holds catalogue NEOs
// (n-1)*size .. n*size-1 (browse page n-1), written by the ingest's own transform and Parquet writer into
// the ingest's layout. For Spark tests that need more data than a quick ingest run gives.
import { join } from 'node:path';
import { transformPage } from '../../ingest/explode/transform-page.ts';
import { batchFiles } from '../../core/layout.ts';
import type { Neo } from '../../core/schema.ts';
import { createCatalogue } from '../../standin/catalogue.ts';
import { writeRawParquet } from '../../ingest/write/raw-parquet.ts';

export interface RawBatchesOptions {
  readonly outputDir: string;
  readonly batches: readonly number[];
  readonly seed?: number;
  readonly batchSize?: number;
  readonly partitionSize?: number;
  /** Catalogue size; the default keeps the real 2017 fixture pages at pages 1, 29 and 30. */
  readonly catalogueSize?: number;
}

const LINKS = { baseUrl: 'http://127.0.0.1:1', apiKey: 'REDACTED' };

/** The NEO records of batch n, as the stand-in would serve them. */
export function catalogueBatch(batch: number, { seed = 1, batchSize = 20, catalogueSize = 40_680 } = {}): Neo[] {
  const catalogue = createCatalogue({ seed, size: catalogueSize });
  const first = (batch - 1) * batchSize;
  return Array.from({ length: batchSize }, (_, k) => catalogue.neoAt(first + k, LINKS));
}

/** Writes the given batches; returns the NEO records written per batch, for computing expectations. */
export async function writeRawBatches(options: RawBatchesOptions): Promise<Map<number, Neo[]>> {
  const { outputDir, batches, partitionSize = 20 } = options;
  const written = new Map<number, Neo[]>();
  for (const batch of batches) {
    const neos = catalogueBatch(batch, options);
    const page = transformPage({ near_earth_objects: neos }, { batchNumber: batch, ingestedAt: new Date() });
    await writeRawParquet(page.columns, join(outputDir, batchFiles(batch, partitionSize).parquet));
    written.set(batch, neos);
  }
  return written;
}
