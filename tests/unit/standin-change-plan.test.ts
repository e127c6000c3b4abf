import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCatalogue } from '../../standin/catalogue.ts';
import { changingCatalogue, type CatalogueChange } from '../../standin/catalogue-changes.ts';
import { createCatalogueTimeline, type AppliedChange } from '../../standin/catalogue-timeline.ts';
import {
  createChangeScheduler,
  parseChangeKinds,
  parseChangeRules,
  type ChangePlan,
} from '../../standin/change-plan.ts';
import { createFaultInjector } from '../../standin/faults.ts';

const SEED = 2;
const big = changingCatalogue(createCatalogue({ seed: SEED, size: 40_000 }), SEED);
const isNumberedId = (id: string): boolean => /^2\d{6}$/.test(id);

/** Random changes drawn for requests 1..n against one catalogue. */
const draws = (plan: ChangePlan, n: number) => {
  const scheduler = createChangeScheduler(plan);
  return Array.from({ length: n }, (_, k) => scheduler.random(k + 1, big));
};

/** `ids` with the logged changes made to it, as a plain list: the log must say everything that happened. */
function replay(ids: readonly string[], log: readonly AppliedChange[]): string[] {
  const list = [...ids];
  for (const change of log) {
    if (change.from !== null) expect(list.splice(change.from, 1)).toEqual([change.previousId ?? change.id]);
    if (change.to !== null) list.splice(change.to, 0, change.id);
  }
  return list;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('scripted changes', () => {
  it('fall due as their request arrives, or the first time their page is asked for', () => {
    const a: CatalogueChange = { kind: 'insert', at: 1 };
    const b: CatalogueChange = { kind: 'remove', at: 2 };
    const c: CatalogueChange = { kind: 'number', at: 3, to: 0 };
    const scheduler = createChangeScheduler({
      script: [
        { request: 2, change: a },
        { page: 3, change: b },
        { request: 2, change: c },
      ],
    });
    expect(scheduler.scripted(1, 0)).toEqual([]);
    expect(scheduler.scripted(2, 5)).toEqual([a, c]);
    expect(scheduler.scripted(3, 3)).toEqual([b]);
    expect(scheduler.scripted(4, 3)).toEqual([]);
    expect(scheduler.scripted(5, null)).toEqual([]);
  });
});

describe('random changes', () => {
  it('are the same for a seed, differ for another, and come at about the rate', () => {
    const changes = draws({ random: { rate: 0.1, seed: 4 } }, 2_000);
    expect(draws({ random: { rate: 0.1, seed: 4 } }, 2_000)).toEqual(changes);
    expect(draws({ random: { rate: 0.1, seed: 5 } }, 2_000)).not.toEqual(changes);
    const made = changes.filter((change) => change !== undefined);
    // 200 expected; the bounds are over 3.5 standard deviations away.
    expect(made.length).toBeGreaterThan(150);
    expect(made.length).toBeLessThan(250);
    expect(new Set(made.map((change) => change.kind))).toEqual(new Set(['insert', 'number', 'remove']));
    for (const change of made) {
      expect(change.at).toBeGreaterThanOrEqual(0);
      expect(change.at).toBeLessThanOrEqual(change.kind === 'insert' ? big.size : big.size - 1);
      if (change.kind === 'number') expect(isNumberedId(big.idAt(change.at))).toBe(false);
    }
  });

  it('keep to the kinds asked for, and there are none at rate 0', () => {
    const made = draws({ random: { rate: 0.5, seed: 4, kinds: ['remove'] } }, 200).filter((c) => c !== undefined);
    expect(made.length).toBeGreaterThan(0);
    expect(made.every((change) => change.kind === 'remove')).toBe(true);
    expect(draws({ random: { rate: 0, seed: 4 } }, 200).every((change) => change === undefined)).toBe(true);
    expect(draws({}, 200).every((change) => change === undefined)).toBe(true);
  });

  it('number nothing in a catalogue without provisional NEOs', () => {
    const numbered = changingCatalogue(createCatalogue({ seed: SEED, size: 15 }), SEED);
    expect(numbered.ids().every(isNumberedId)).toBe(true);
    const scheduler = createChangeScheduler({ random: { rate: 1, seed: 4, kinds: ['number'] } });
    expect(Array.from({ length: 20 }, (_, k) => scheduler.random(k + 1, numbered))).toEqual(Array(20).fill(undefined));
  });

  it('are drawn independently of the random faults of the same seed', () => {
    const faults = createFaultInjector({ rate: 0.2, seed: 7 });
    const changes = createChangeScheduler({ random: { rate: 0.2, seed: 7, kinds: ['insert'] } });
    let both = 0;
    for (let request = 1; request <= 2_000; request++) {
      if (faults.faultFor(request, null) !== undefined && changes.random(request, big) !== undefined) both += 1;
    }
    // Independent: 2,000 x 0.2 x 0.2 = 80 expected.
    expect(both).toBeGreaterThan(45);
    expect(both).toBeLessThan(120);
  });
});

describe('the catalogue timeline', () => {
  const small = changingCatalogue(createCatalogue({ seed: SEED, size: 60 }), SEED);

  it('applies what is due as each request arrives, and logs it with the first request that saw it', () => {
    const timeline = createCatalogueTimeline(small, {
      script: [
        { request: 2, change: { kind: 'insert', at: 0 } },
        { page: 1, change: { kind: 'remove', at: 0 } },
      ],
    });
    expect(timeline.arrive(1, 0).size).toBe(60);
    const seen = timeline.arrive(2, 0);
    expect(seen.size).toBe(61);
    const newId = seen.idAt(0);
    expect(timeline.arrive(3, 1).ids()).toEqual(small.ids());
    timeline.apply({ kind: 'number', at: 30, to: 0 }, 4);
    expect(timeline.changes()).toEqual([
      { kind: 'insert', id: newId, from: null, to: 0, visibleFrom: 2 },
      { kind: 'remove', id: newId, from: 0, to: null, visibleFrom: 3 },
      { kind: 'number', id: '2900001', previousId: small.idAt(30), from: 30, to: 0, visibleFrom: 4 },
    ]);
    expect(timeline.current().idAt(0)).toBe('2900001');
    expect(seen.size).toBe(61); // what request 2 saw stays as it was
  });

  it('skips a scripted change that does not fit, with a warning, and goes on', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const timeline = createCatalogueTimeline(small, {
      script: [
        { request: 1, change: { kind: 'remove', at: 99 } },
        { request: 1, change: { kind: 'insert', at: 60 } },
      ],
    });
    expect(timeline.arrive(1, null).size).toBe(61);
    expect(timeline.changes().map((change) => change.kind)).toEqual(['insert']);
    expect(warn).toHaveBeenCalledOnce();
    expect(String(warn.mock.calls[0]?.[0])).toContain('remove@99 skipped at request 1');
  });

  it('logs every change: its log replayed on the first listing gives the last, the same run after run', () => {
    const run = () => {
      const timeline = createCatalogueTimeline(big, { random: { rate: 0.3, seed: 11 } });
      for (let request = 1; request <= 300; request++) timeline.arrive(request, request % 7);
      return timeline;
    };
    const timeline = run();
    expect(timeline.changes().length).toBeGreaterThan(50);
    expect(new Set(timeline.changes().map((change) => change.kind))).toEqual(new Set(['insert', 'number', 'remove']));
    const last = timeline.current().ids();
    expect(replay(big.ids(), timeline.changes())).toEqual(last);
    expect(new Set(last).size).toBe(last.length);
    expect(run().changes()).toEqual(timeline.changes());
  });
});

describe('the command-line forms', () => {
  it('parse rules and kinds', () => {
    expect(parseChangeRules('request:3=insert@5, page:4=number@30to3,request:9=remove@0')).toEqual([
      { request: 3, change: { kind: 'insert', at: 5 } },
      { page: 4, change: { kind: 'number', at: 30, to: 3 } },
      { request: 9, change: { kind: 'remove', at: 0 } },
    ]);
    expect(parseChangeKinds('insert, remove')).toEqual(['insert', 'remove']);
  });

  it('refuse what they cannot mean, saying why', () => {
    expect(() => parseChangeRules('page:4=number@30')).toThrow(/says where the NEO moves/);
    expect(() => parseChangeRules('request:3=insert@5to6')).toThrow(/only applies to number/);
    expect(() => parseChangeRules('request:3=split@1')).toThrow(/unknown change kind "split"/);
    expect(() => parseChangeRules('request:x=insert@1')).toThrow(/bad change rule/);
    expect(() => parseChangeKinds('insert,explode')).toThrow(/unknown change kind "explode"/);
  });
});
