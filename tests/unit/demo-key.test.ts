import { describe, expect, it } from 'vitest';
import { DEMO_KEY } from '../../ingest/config.ts';
import { demoKeyWarnings } from '../../ingest/run/demo-key.ts';

describe('DEMO_KEY warnings', () => {
  it("says nothing for a key of one's own", () => {
    expect(demoKeyWarnings({ apiKey: 'my-own-key-123', keySource: 'environment', onQuota: 'stop' }, 500)).toEqual([]);
  });

  it('warns about the limits and says where the DEMO_KEY came from', () => {
    const [unset] = demoKeyWarnings({ apiKey: DEMO_KEY, keySource: 'default', onQuota: 'stop' }, 30);
    expect(unset).toMatch(/^using DEMO_KEY \(no NASA_API_KEY set\): limited to 30 requests\/hour and 50\/day/);
    const [set] = demoKeyWarnings({ apiKey: DEMO_KEY, keySource: '.env', onQuota: 'stop' }, 30);
    expect(set).toMatch(/^using DEMO_KEY \(NASA_API_KEY is DEMO_KEY\)/);
  });

  it('adds what will happen when the run needs more than an hour of DEMO_KEY requests', () => {
    const stop = demoKeyWarnings({ apiKey: DEMO_KEY, keySource: 'default', onQuota: 'stop' }, 31);
    expect(stop).toHaveLength(2);
    expect(stop[1]).toBe(
      'this run needs 31 requests, more than DEMO_KEY allows per hour: ' +
        'expect it to stop at the quota (exit 5) and resume on a later run',
    );
    const wait = demoKeyWarnings({ apiKey: DEMO_KEY, keySource: 'default', onQuota: 'wait' }, 31);
    expect(wait[1]).toMatch(/expect it to wait for the quota, up to an hour at a time$/);
  });
});
