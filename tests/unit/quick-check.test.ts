import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { NeoSchema } from '../../core/schema.ts';
import { createCatalogue } from '../../standin/catalogue.ts';
import { compileQuickCheck } from '../../ingest/validate/quick-check.ts';
import { type Json, approach, modernNeo } from '../support/modern-neo.ts';
import { FIXTURE_DIR } from '../../standin/fixtures.ts';

const quick = compileQuickCheck(NeoSchema);

function corpus(): Json[] {
  const fixtures = readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.json'))
    .flatMap(
      (f) =>
        (JSON.parse(readFileSync(join(FIXTURE_DIR, f), 'utf8')) as { near_earth_objects: Json[] }).near_earth_objects,
    );
  const catalogue = createCatalogue({ seed: 7, size: 40_000 });
  const links = { baseUrl: 'http://127.0.0.1:1', apiKey: 'TEST_KEY' };
  // Spread over the catalogue: early NEOs with hundreds of approaches, late ones with a handful.
  const generated = Array.from(
    { length: 40 },
    (_, k) => JSON.parse(JSON.stringify(catalogue.neoAt(k * 997, links))) as Json,
  );
  const onlyReference = modernNeo();
  delete onlyReference.id;
  return [...fixtures, ...generated, modernNeo(), onlyReference, modernNeo({ close_approach_data: [] })];
}

// Seeded, so a failure can be replayed.
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 0x1_0000_0000;
  };
}

type Path = readonly (string | number)[];

function paths(value: unknown, at: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [at];
  const children = Array.isArray(value) ? value.map((item, i) => [i, item] as const) : Object.entries(value);
  return [at, ...children.flatMap(([key, child]) => paths(child, [...at, key]))];
}

function mutate(record: Json, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(record) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (replacement === undefined && !Array.isArray(parent)) delete parent[last];
  else parent[last] = replacement;
  return copy;
}

const REPLACEMENTS: readonly unknown[] = [
  undefined,
  null,
  '',
  'x',
  '.5',
  '5.',
  '1e3',
  '-0.3',
  '0.3 AU',
  '2021-02-30',
  '2020-02-29',
  '2021-2-3',
  0,
  -1,
  1.5,
  2 ** 31,
  2 ** 53,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  'true',
  [],
  {},
  [approach()],
  { astronomical: '0.1' },
];

describe('compileQuickCheck(NeoSchema)', () => {
  const records = corpus();

  it('takes the fast path for every valid record of real and generated pages', () => {
    for (const record of records) {
      expect(NeoSchema.safeParse(record).success).toBe(true);
      expect(quick(record)).toBe(true);
    }
  });

  it('passes records zod returns unchanged, so the record itself can stand for the parse', () => {
    for (const record of records) expect(NeoSchema.parse(record)).toEqual(record);
  });

  it('never accepts what zod rejects: thousands of seeded mutations at every depth', () => {
    // Three approaches per record probe every approach rule while keeping a trial cheap.
    const small = records.map((record) => ({
      ...record,
      close_approach_data: (record.close_approach_data as Json[]).slice(0, 3),
    }));
    const pathsOf = small.map((record) => paths(record));
    const next = random(20_260_101);
    let rejectedByZod = 0;
    let agreed = 0;
    const trials = 3000;
    for (let trial = 0; trial < trials; trial++) {
      const pick = Math.floor(next() * small.length);
      const record = small[pick] as Json;
      const candidates = pathsOf[pick] as Path[];
      const path = candidates[Math.floor(next() * candidates.length)] as Path;
      const mutant = mutate(record, path, REPLACEMENTS[Math.floor(next() * REPLACEMENTS.length)]);
      const zodAccepts = NeoSchema.safeParse(mutant).success;
      const quickAccepts = quick(mutant);
      if (quickAccepts && !zodAccepts) throw new Error(`quick check accepted what zod rejects at ${path.join('.')}`);
      if (!zodAccepts) rejectedByZod += 1;
      if (quickAccepts === zodAccepts) agreed += 1;
    }
    // The mutations must really probe rejection, and the fast path must rarely defer a valid record.
    expect(rejectedByZod).toBeGreaterThan(trials / 4);
    expect(agreed).toBeGreaterThan(trials * 0.95);
  });

  it('says "don\'t know" (false) for constructs it does not model, leaving them to zod', () => {
    const unknownCheck = compileQuickCheck(z.string().max(3));
    const transform = compileQuickCheck(z.looseObject({ a: z.string().transform((s) => s.length) }));
    const strictObject = compileQuickCheck(z.strictObject({ a: z.string() }));
    expect([unknownCheck('ab'), transform({ a: 'x' }), strictObject({ a: 'x' })]).toEqual([false, false, false]);
    expect(compileQuickCheck(z.looseObject({ a: z.string().min(1) }))({ a: 'x', b: 1 })).toBe(true);
  });
});
