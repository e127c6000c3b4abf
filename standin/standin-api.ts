// The stand-in's front door, configured like a testcontainers-node container:
//   const api = await new StandinApi().withSeed(7).withCatalogueSize(400).withFaults({ rate: 0.1 }).start();
import { type RecordBreaker, createCatalogue } from './catalogue.ts';
import { changingCatalogue } from './catalogue-changes.ts';
import type { ChangePlan } from './change-plan.ts';
import type { FaultPlan } from './faults.ts';
import { DEFAULT_RATE_LIMIT, type RateLimitOptions } from './rate-limit.ts';
import { startStandin, type RunningStandin } from './server.ts';

/** The size of the modern catalogue (2024-2025): 2,034 pages of 20. */
export const DEFAULT_CATALOGUE_SIZE = 40_680;
export const DEFAULT_SEED = 1;
export const DEFAULT_REJECTED_KEYS: readonly string[] = ['BAD_KEY'];

export class StandinApi {
  private port = 0;
  private seed = DEFAULT_SEED;
  private catalogueSize = DEFAULT_CATALOGUE_SIZE;
  private fixturesOnly = false;
  private faults: FaultPlan = {};
  private rateLimit: RateLimitOptions = DEFAULT_RATE_LIMIT;
  private rejectedKeys: readonly string[] = DEFAULT_REJECTED_KEYS;
  private broken: ReadonlyMap<number, RecordBreaker> = new Map();
  private changes: ChangePlan = {};

  /** Port on 127.0.0.1; default 0, a free one. */
  withPort(port: number): this {
    this.port = port;
    return this;
  }

  withSeed(seed: number): this {
    this.seed = seed;
    return this;
  }

  withCatalogueSize(neos: number): this {
    this.catalogueSize = neos;
    return this;
  }

  /** Serve only the real 2017 fixture records (60 NEOs) as the whole catalogue. */
  withFixturesOnly(): this {
    this.fixturesOnly = true;
    return this;
  }

  withFaults(plan: FaultPlan): this {
    this.faults = plan;
    return this;
  }

  /** Per-key quota; default 1,000 requests per rolling hour. */
  withRateLimit(rateLimit: RateLimitOptions): this {
    this.rateLimit = rateLimit;
    return this;
  }

  /** Keys answered with 403 API_KEY_INVALID; default `BAD_KEY`. */
  withRejectedKeys(keys: readonly string[]): this {
    this.rejectedKeys = keys;
    return this;
  }

  /** Serves the records at these catalogue indexes broken, each by its breaker (quarantine tests). */
  withBrokenRecords(broken: ReadonlyMap<number, RecordBreaker>): this {
    this.broken = broken;
    return this;
  }

  /**
   * Lets the catalogue change while the server runs: scripted changes at a request or page, and random ones
   * at a seeded rate per request, e.g. `{ script: [{ request: 3, change: { kind: 'insert', at: 5 } }],
   * random: { rate: 0.05, seed: 9 } }`. Default: the catalogue never changes.
   */
  withCatalogueChanges(plan: ChangePlan): this {
    this.changes = plan;
    return this;
  }

  start(): Promise<RunningStandin> {
    const { seed, catalogueSize: size, fixturesOnly, broken } = this;
    return startStandin({
      port: this.port,
      catalogue: changingCatalogue(createCatalogue({ seed, size, fixturesOnly, broken }), seed),
      changes: this.changes,
      rateLimit: this.rateLimit,
      rejectedKeys: this.rejectedKeys,
      faults: this.faults,
    });
  }
}
