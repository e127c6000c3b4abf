// The Spark image's class-data archive (docker/Dockerfile) for a real Spark SQL job: the driver maps Spark's
// code generator (janino, commons-compiler) from the archive. The JVM leaves classes of signed jars out of
// an archive, and those two jars come signed; docker/unsign-jars.py strips their signatures at build time.
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { docker } from '../../spark-job/cluster/docker-cli.ts';
import { CONTAINER_SPARK_JOB_DIR } from '../../spark-job/cluster/cluster-target.ts';
import { sparkImage } from '../../spark-job/config.ts';
import { it } from '../support/fixtures.ts';

const SPARK_JOB_DIR = fileURLToPath(new URL('../../spark-job', import.meta.url));
const IMAGE = sparkImage(process.env);
/** Unified JVM logging: one line per class loaded, naming where it came from. */
const CLASS_LOG = '-Xlog:class+load=info:file=/tmp/classes-%p.log';

it('maps the code generator from the class-data archive when a query compiles its code', async () => {
  const job = `${CONTAINER_SPARK_JOB_DIR}/job`;
  const submit = [
    `spark-submit --master 'local[1]' --conf spark.eventLog.enabled=false ${job}/run_sql.py --params '{"rows": 1000}'`,
    `--result ${job}/smoke.sql=/tmp/smoke >/tmp/job.log 2>&1 || { tail -n 20 /tmp/job.log; exit 1; }`,
  ].join(' ');
  const loaded = await docker([
    'run',
    '--rm',
    '--volume',
    `${SPARK_JOB_DIR}:${CONTAINER_SPARK_JOB_DIR}:ro`,
    '--env',
    `JAVA_TOOL_OPTIONS=${CLASS_LOG}`,
    IMAGE,
    'bash',
    '-c',
    `${submit} && grep -h ' org\\.codehaus\\.' /tmp/classes-*.log`,
  ]);

  const sources = loaded
    .trim()
    .split('\n')
    // `[3.846s][info][class,load] org.codehaus.janino.Java source: shared objects file (top)`
    .map((line) => /\] (\S+) source: (.*)$/.exec(line)?.slice(1) ?? [line, '?']);
  // The code generator is loaded for the query's whole-stage code: hundreds of classes.
  expect(sources.length).toBeGreaterThan(200);
  // A class the build's warm-up query never needed is still read from its jar; signed jars gave all of them.
  const fromJars = sources.filter(([, source]) => !source!.startsWith('shared objects file'));
  expect(fromJars.length, JSON.stringify(fromJars.slice(0, 5))).toBeLessThan(sources.length / 10);
}, 180_000);
