import { describe, expect, it } from 'vitest';
import {
  createFaultInjector,
  DEFAULT_RANDOM_KINDS,
  FAULT_KINDS,
  parseFaultKinds,
  parseFaultRules,
} from '../../standin/faults.ts';

describe('fault plans', () => {
  it('scripted rules hit a request number, or the first N requests for a page', () => {
    const injector = createFaultInjector({
      rules: [
        { request: 3, kind: '503' },
        { page: 4, kind: 'truncated', times: 2 },
      ],
    });
    const pages = [0, 4, 1, 4, 4, 4, 2];
    const faults = pages.map((page, k) => injector.faultFor(k + 1, page) ?? null);
    expect(faults).toEqual([null, 'truncated', '503', 'truncated', null, null, null]);
  });

  it('a page rule defaults to one hit', () => {
    const injector = createFaultInjector({ rules: [{ page: 0, kind: 'reset' }] });
    expect([1, 2, 3].map((request) => injector.faultFor(request, 0) ?? null)).toEqual(['reset', null, null]);
  });

  it('random faults follow the seed and rate, over the chosen kinds', () => {
    const draw = (seed: number) => {
      const injector = createFaultInjector({ rate: 0.25, seed, kinds: ['500', 'reset'] });
      return Array.from({ length: 4000 }, (_, k) => injector.faultFor(k + 1, k) ?? null);
    };
    const first = draw(11);
    expect(draw(11)).toEqual(first);
    expect(draw(12)).not.toEqual(first);
    const hits = first.filter((kind) => kind !== null);
    expect(hits.length / first.length).toBeGreaterThan(0.22);
    expect(hits.length / first.length).toBeLessThan(0.28);
    expect(new Set(hits)).toEqual(new Set(['500', 'reset']));
  });

  it('random faults default to every kind but the run-ending 403', () => {
    expect(DEFAULT_RANDOM_KINDS).toEqual(FAULT_KINDS.filter((kind) => kind !== '403'));
    const injector = createFaultInjector({ rate: 1, seed: 1 });
    const seen = new Set(Array.from({ length: 500 }, (_, k) => injector.faultFor(k + 1, null)));
    expect(seen).toEqual(new Set(DEFAULT_RANDOM_KINDS));
  });

  it('no plan, no faults', () => {
    const injector = createFaultInjector();
    expect(Array.from({ length: 100 }, (_, k) => injector.faultFor(k + 1, k)).every((f) => f === undefined)).toBe(true);
  });

  it('parses the CLI forms and rejects bad ones', () => {
    expect(parseFaultRules('request:3=503, page:4=truncated*2,page:0=slow')).toEqual([
      { request: 3, kind: '503' },
      { page: 4, kind: 'truncated', times: 2 },
      { page: 0, kind: 'slow' },
    ]);
    expect(parseFaultKinds('503,reset')).toEqual(['503', 'reset']);
    expect(() => parseFaultRules('request:3=418')).toThrow(/unknown fault kind/);
    expect(() => parseFaultRules('request:3=503*2')).toThrow(/only applies to page rules/);
    expect(() => parseFaultRules('page=3')).toThrow(/bad fault rule/);
  });
});
