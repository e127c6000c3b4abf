// The submit command's configuration: ranges and thresholds are refused with a message naming the problem.
import { describe, expect, it } from 'vitest';
import { MAX_BATCH, resolveSubmitConfig, type SubmitFlags } from '../../spark-job/config.ts';
import { UsageError } from '../../core/errors.ts';

const resolveWith = (start: string, end: string, flags: SubmitFlags = {}, env: Record<string, string> = {}) =>
  resolveSubmitConfig({ start, end, flags, env, cwd: '/work' });

function usageMessage(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('batch range validation', () => {
  it.each([
    ['1', '1'],
    ['5', '12'],
    [' 7 ', '7'],
    ['1', String(MAX_BATCH)],
  ])('accepts %s..%s', (start, end) => {
    const { range } = resolveWith(start, end);
    expect(range).toEqual({ start: Number(start), end: Number(end) });
  });

  it.each([
    ['0', '5', 'start must be 1 or more'],
    ['1', '0', 'end must be 1 or more'],
    ['-3', '5', 'start must be a whole batch number of 1 or more, got "-3"'],
    ['1.5', '3', 'got "1.5"'],
    ['1e2', '300', 'got "1e2"'],
    ['', '3', 'got ""'],
    ['2', 'x', 'end must be a whole batch number of 1 or more, got "x"'],
    ['7', '5', 'start (7) is after end (5); give the lower batch first, e.g. 5 7'],
    ['1', String(MAX_BATCH + 1), `end must be at most ${MAX_BATCH}`],
  ])('refuses %s..%s', (start, end, message) => {
    expect(usageMessage(() => resolveWith(start, end))).toContain(message);
  });

  it('lists every problem at once', () => {
    const message = usageMessage(() => resolveWith('0', 'x', { threshold: 'far' }));
    expect(message.split('\n')).toHaveLength(3);
  });
});

describe('threshold and other flags', () => {
  it('defaults: threshold 0.2 (label 02), ./output under cwd, cluster neo, neo-spark:latest, cluster mode', () => {
    expect(resolveWith('1', '2')).toMatchObject({
      threshold: 0.2,
      thresholdLabel: '02',
      outputDir: '/work/output',
      cluster: 'neo',
      image: 'neo-spark:latest',
      mode: 'cluster',
      sparkConf: [],
      quiet: false,
    });
  });

  it('takes the compose knobs from the environment, flags winning', () => {
    const env = { NEO_OUTPUT_DIR: '/data', NEO_CLUSTER: 'other', NEO_SPARK_IMAGE: 'img:1' };
    expect(resolveWith('1', '2', {}, env)).toMatchObject({ outputDir: '/data', cluster: 'other', image: 'img:1' });
    expect(resolveWith('1', '2', { outputDir: 'rel', cluster: 'mine', local: true }, env)).toMatchObject({
      outputDir: '/work/rel',
      cluster: 'mine',
      mode: 'local',
    });
  });

  it.each([
    ['0.05', 0.05, '005'],
    ['.2', 0.2, '02'],
    ['0.20', 0.2, '02'],
    ['1.5', 1.5, '15'],
    ['3', 3, '3'],
  ])('threshold %s -> %s, label %s', (text, threshold, label) => {
    expect(resolveWith('1', '1', { threshold: text })).toMatchObject({ threshold, thresholdLabel: label });
  });

  it.each([
    ['0', 'more than 0 AU'],
    ['-0.1', 'must be a distance in AU'],
    ['10', 'less than 10 AU'],
    ['0.0000001', 'at most 6 decimals'],
    ['1e-3', 'must be a distance in AU'],
    ['near', 'must be a distance in AU'],
  ])('refuses threshold %s', (text, message) => {
    expect(usageMessage(() => resolveWith('1', '1', { threshold: text }))).toContain(message);
  });

  it('accepts spark.* settings only, as key=value', () => {
    expect(resolveWith('1', '1', { conf: ['spark.sql.shuffle.partitions=8'] }).sparkConf).toEqual([
      'spark.sql.shuffle.partitions=8',
    ]);
    expect(usageMessage(() => resolveWith('1', '1', { conf: ['--master=local'] }))).toContain('--conf takes key=value');
  });

  it('refuses a cluster name docker could not have made', () => {
    expect(usageMessage(() => resolveWith('1', '1', { cluster: 'a b' }))).toContain('--cluster');
  });
});

describe('cluster access', () => {
  it('reads the master UI port from the container unless SPARK_MASTER_UI_PORT sets it', () => {
    expect(resolveWith('1', '1').masterUiPort).toBeNull();
    expect(resolveWith('1', '1', {}, { SPARK_MASTER_UI_PORT: '18080' }).masterUiPort).toBe(18080);
  });

  it('bounds the wait for workers: default, environment, flag', () => {
    expect(resolveWith('1', '1').clusterWaitMs).toBe(30_000);
    expect(resolveWith('1', '1', {}, { NEO_CLUSTER_WAIT_S: '7' }).clusterWaitMs).toBe(7_000);
    expect(resolveWith('1', '1', { clusterWait: '2' }, { NEO_CLUSTER_WAIT_S: '7' }).clusterWaitMs).toBe(2_000);
  });

  it.each([
    [{}, { SPARK_MASTER_UI_PORT: '80a' }, 'SPARK_MASTER_UI_PORT must be a port number'],
    [{}, { SPARK_MASTER_UI_PORT: '70000' }, 'SPARK_MASTER_UI_PORT must be a port number, 1 to 65535'],
    [{ clusterWait: '0' }, {}, '--cluster-wait must be at least 1 s'],
    [{ clusterWait: 'soon' }, {}, '--cluster-wait must be a whole number of seconds'],
  ])('refuses %o %o', (flags, env, message) => {
    expect(usageMessage(() => resolveWith('1', '1', flags, env))).toContain(message);
  });
});
