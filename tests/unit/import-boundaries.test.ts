// The import boundaries of eslint.config.js, through ESLint's own API with the project's config: code is
// linted as if it sat at a path in the repo (the file need not exist), importing files that do exist.
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const RULE = 'import-x/no-restricted-paths';

/** A TypeScript file that exists under `folder` (the tree is regrouped from time to time; names move). */
function someFileIn(folder: string): string {
  const entries = readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' });
  const file = entries.filter((entry) => entry.endsWith('.ts') && !entry.endsWith('.d.ts')).sort()[0];
  if (file === undefined) throw new Error(`no .ts file under ${folder}`);
  return join(ROOT, folder, file);
}

// Loading the config and its plugins takes a few seconds on a busy 2-core machine: a generous time limit.
describe('import boundaries (eslint.config.js)', { timeout: 60_000 }, () => {
  let eslint: ESLint;
  beforeAll(async () => {
    eslint = new ESLint({ cwd: ROOT });
    await eslint.calculateConfigForFile(join(ROOT, 'ingest/config.ts'));
  }, 60_000);

  /** The boundary messages for `from` (a repo path) importing `target` (an absolute path). */
  async function boundaryMessages(from: string, target: string): Promise<string[]> {
    const filePath = join(ROOT, from);
    let specifier = relative(dirname(filePath), target);
    if (!specifier.startsWith('.')) specifier = `./${specifier}`;
    const [result] = await eslint.lintText(`import '${specifier}';\n`, { filePath });
    expect(result?.messages.filter((m) => m.fatal)).toEqual([]);
    return (result?.messages ?? []).filter((m) => m.ruleId === RULE).map((m) => m.message);
  }

  it('reports a fetch stage importing the later write stage, saying the rule', async () => {
    const messages = await boundaryMessages('ingest/fetch/boundary-probe.ts', someFileIn('ingest/write'));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain("The ingest's fetch stage must not import its later write stage");
  });

  it('reports the aggregation importing the ingest', async () => {
    const messages = await boundaryMessages('spark-job/boundary-probe.ts', join(ROOT, 'ingest/config.ts'));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('The aggregation (spark-job/) must not import the ingest');
  });

  it('reports the aggregation importing the ingest from a subfolder of spark-job/', async () => {
    const messages = await boundaryMessages('spark-job/job/boundary-probe.ts', someFileIn('ingest/run'));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('The aggregation (spark-job/) must not import the ingest');
  });

  it('reports the core importing the ingest', async () => {
    const messages = await boundaryMessages('core/boundary-probe.ts', join(ROOT, 'ingest/config.ts'));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('The shared core must not import ingest/');
  });

  it('allows the run stage to import the earlier fetch stage', async () => {
    expect(await boundaryMessages('ingest/run/boundary-probe.ts', someFileIn('ingest/fetch'))).toEqual([]);
  });
});
