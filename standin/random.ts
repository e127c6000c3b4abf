// Seeded random streams. Every NEO (and every request's fault draw) gets its own stream derived from
// (seed, stream number), so any one of them can be produced on its own, in any order, at no memory cost.
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export interface Rng {
  /** Uniform in [0, 1). */
  float(): number;
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
}

// Nearby seeds start xoroshiro in nearby states; a few discarded draws spread them apart.
const WARM_UP_DRAWS = 16;

/**
 * Stream `stream` of `seed`. A `lane` above 0 is the same stream jumped 2^64 draws ahead per lane: xoroshiro
 * is linear, so streams whose seeds differ in one bit draw correlated numbers, and jumped ones do not.
 */
export function rngFor(seed: number, stream: number, lane = 0): Rng {
  // Multiplying by an odd constant and xor-ing keeps distinct streams distinct for a given seed.
  const generator = xoroshiro128plus((Math.imul(seed | 0, 0x9e3779b1) ^ stream) | 0);
  for (let i = 0; i < lane; i++) generator.jump();
  for (let i = 0; i < WARM_UP_DRAWS; i++) generator.next();
  // 32 bits of randomness per draw is plenty for synthetic data, and twice as fast as 53.
  const float = (): number => (generator.next() >>> 0) / 0x1_0000_0000;
  return {
    float,
    int: (min, max) => min + Math.floor(float() * (max - min + 1)),
    between: (min, max) => min + float() * (max - min),
    chance: (probability) => float() < probability,
    pick: (items) => {
      const item = items[Math.floor(float() * items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
  };
}
