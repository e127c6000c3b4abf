// `npm start`'s configuration: its defaults, where offline data goes, and what it refuses before anything runs.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../core/errors.ts';
import { type StartFlags, resolveStartConfig } from '../../scripts/start-config.ts';

const resolveWith = (flags: StartFlags, env: Record<string, string> = {}) =>
  resolveStartConfig({ flags, env, cwd: '/work' });

describe('npm start configuration', () => {
  it('defaults: ./output, the fixed stand-in port, three minutes for the cluster', () => {
    const config = resolveWith({});
    expect(config).toMatchObject({
      offline: false,
      clusterDir: '/work/output',
      dataDir: '/work/output',
      standinPort: 47821,
    });
    expect(config.submitFlags).toEqual({ threshold: undefined, outputDir: '/work/output', clusterWait: '180' });
  });

  it('puts offline data in offline/ under the folder the cluster mounts', () => {
    const config = resolveWith({ offline: true, outputDir: 'data' }, { NEO_OUTPUT_DIR: '/elsewhere' });
    expect(config.clusterDir).toBe('/work/data');
    expect(config.dataDir).toBe('/work/data/offline');
  });

  it('takes the output folder and the cluster wait from the environment, flags first', () => {
    const config = resolveWith({ clusterWait: '5' }, { NEO_OUTPUT_DIR: '/data/neo', NEO_CLUSTER_WAIT_S: '9' });
    expect(config.clusterDir).toBe('/data/neo');
    expect(config.submitFlags.clusterWait).toBe('5');
    expect(resolveWith({}, { NEO_CLUSTER_WAIT_S: '9' }).submitFlags.clusterWait).toBe('9');
  });

  it('passes --refresh, --refresh-passes and --wait-lock to the ingest; --wait-lock and --table to the submit', () => {
    const config = resolveWith({ refresh: true, refreshPasses: '3', waitLock: true, table: true });
    expect(config.ingestFlags).toEqual({ refresh: true, refreshPasses: '3', waitLock: true });
    expect(config.submitFlags).toMatchObject({ waitLock: true, table: true });
  });

  it.each([
    [{ standinPort: '70000' }, '--standin-port must be a port number, 0 to 65535'],
    [{ standinPort: 'x' }, '--standin-port must be a port number, 0 to 65535'],
    [{ outputDir: ' ' }, '--output-dir must not be empty'],
  ])('refuses %o', (flags, message) => {
    expect(() => resolveWith(flags)).toThrow(UsageError);
    expect(() => resolveWith(flags)).toThrow(message);
  });
});
