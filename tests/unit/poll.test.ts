// The one bounded wait of the Spark wrapper: it returns the first answer, or null once its time is up.
import { describe, expect, it } from 'vitest';
import { pollUntil } from '../../spark-job/cluster/poll.ts';

describe('pollUntil', () => {
  it('returns the first value an attempt gives, trying again until then', async () => {
    let attempts = 0;
    const value = await pollUntil(async () => (++attempts === 3 ? 'ready' : undefined), {
      timeoutMs: 60_000,
      intervalMs: 1,
    });
    expect(value).toBe('ready');
    expect(attempts).toBe(3);
  });

  it('gives up with null when no attempt answers in time, after trying at least once', async () => {
    let attempts = 0;
    const value = await pollUntil(async () => void attempts++, { timeoutMs: 20, intervalMs: 5 });
    expect(value).toBeNull();
    expect(attempts).toBeGreaterThan(0);
  });

  it('ends the pause when woken, leaving no timer to hold the process', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = timers();
    let woken = false;
    const wake = new Promise<void>((resolve) => setTimeout(resolve, 20)).then(() => (woken = true));
    const started = performance.now();
    const value = await pollUntil(async () => (woken ? 'ended' : undefined), {
      timeoutMs: Infinity,
      intervalMs: 60_000,
      wake,
    });
    expect(value).toBe('ended');
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(timers()).toBe(before);
  });

  it('passes on a null answer: "stop looking" is not "time is up"', async () => {
    expect(await pollUntil(async () => null, { timeoutMs: 60_000, intervalMs: 1 })).toBeNull();
  });
});
