// The little of parquetjs-lite (untyped CommonJS, so only a default import works) that
// bench/writer-parquetjs.ts uses.
declare module 'parquetjs-lite' {
  import type { Writable } from 'node:stream';

  interface FieldDefinition {
    type: string;
    optional?: boolean;
    compression?: string;
  }

  class ParquetSchema {
    constructor(fields: Record<string, FieldDefinition>);
  }

  class ParquetWriter {
    static openStream(
      schema: ParquetSchema,
      stream: Writable,
      options?: { rowGroupSize?: number },
    ): Promise<ParquetWriter>;
    appendRow(row: Record<string, unknown>): Promise<void>;
    close(): Promise<void>;
  }

  const parquet: { ParquetSchema: typeof ParquetSchema; ParquetWriter: typeof ParquetWriter };
  export default parquet;
}
