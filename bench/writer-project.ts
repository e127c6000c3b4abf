// The project's contender: the real path -- validate, explode, Arrow, parquet-wasm, atomic write with
// checksum -- after the shared read and JSON.parse.
import { transformPage } from '../ingest/explode/transform-page.ts';
import { writeRawParquet } from '../ingest/write/raw-parquet.ts';
import type { PageWriter } from './writer-contender.ts';

export function projectWriter(ingestedAt: Date): PageWriter {
  return (page, batchNumber, path) => writeRawParquet(transformPage(page, { batchNumber, ingestedAt }).columns, path);
}
