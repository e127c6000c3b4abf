// Lint for the whole repo: typescript-eslint's recommended rules, a size limit per file, and the import
// boundaries between the project's parts (docs/conventions.md). Formatting is Prettier's alone
// (eslint-config-prettier turns off every rule that would disagree with it). `npm run lint` runs both.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

const ROOT = import.meta.dirname;

// The ingest's stages in data-flow order: a stage may import earlier stages, never a later one.
const STAGES = ['fetch', 'land', 'validate', 'explode', 'write', 'run', 'report'];
const FLOW = STAGES.join(' -> ');

function stageZones() {
  const zones = [];
  STAGES.forEach((stage, index) => {
    for (const later of STAGES.slice(index + 1)) {
      zones.push({
        target: `ingest/${stage}`,
        from: `ingest/${later}`,
        message:
          `The ingest's ${stage} stage must not import its later ${later} stage: stages import only ` +
          `earlier ones (${FLOW}). Move what both need to the earlier stage or to core/.`,
      });
    }
  });
  return zones;
}

const zones = [
  {
    target: 'core',
    from: ['ingest', 'spark-job', 'standin', 'scripts', 'bench', 'tests'],
    message:
      'The shared core must not import ingest/, spark-job/, standin/, scripts/, bench/ or tests/: ' +
      'everything depends on core/, core/ depends on none of them.',
  },
  {
    target: 'ingest',
    from: 'spark-job',
    message: 'The ingest must not import the aggregation (spark-job/): move shared code to core/.',
  },
  {
    target: 'ingest',
    from: 'standin',
    message:
      'The ingest must not import the stand-in API (standin/): the stand-in plays the NASA API, ' +
      'the ingest only talks to it over HTTP. Move shared code to core/.',
  },
  {
    target: 'spark-job',
    from: 'ingest',
    message:
      'The aggregation (spark-job/) must not import the ingest: it reads only what the ingest wrote. ' +
      'Move shared code to core/.',
  },
  {
    target: 'spark-job',
    from: 'standin',
    message: 'The aggregation (spark-job/) must not import the stand-in API (standin/): move shared code to core/.',
  },
  {
    target: 'standin',
    from: ['ingest', 'spark-job', 'scripts', 'bench', 'tests'],
    message:
      'The stand-in API (standin/) imports only core/: not the ingest, the aggregation, scripts/, bench/ ' +
      'or tests/. Move shared code to core/.',
  },
  {
    target: ['ingest/config.ts', 'ingest/config-disk.ts'],
    from: STAGES.map((stage) => `ingest/${stage}`),
    message:
      "The ingest's configuration (ingest/config.ts, config-disk.ts) must not import any stage: stages are " +
      'configured from it, so defaults it needs live in config.ts or core/.',
  },
  ...stageZones(),
];

export default defineConfig(
  globalIgnores(['node_modules/', '.venv/', 'output/', 'bench/results/']),
  {
    files: ['**/*.{ts,js}'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    plugins: { 'import-x': importX },
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
    settings: {
      // Imports name their files with the `.ts` extension (docs/conventions.md); the node resolver finds them.
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json', '.node'] })],
    },
    rules: {
      // Lines of code and comments; blank lines do not count.
      'max-lines': ['error', { max: 250, skipBlankLines: true, skipComments: false }],
      'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones }],
    },
  },
  {
    // Vitest reads a fixture's dependencies from its first parameter's pattern: `({}, use) =>` means none.
    files: ['tests/**/*.ts'],
    rules: { 'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }] },
  },
  {
    // A declaration file's classes are used only as types by the module it declares.
    files: ['**/*.d.ts'],
    rules: { '@typescript-eslint/no-unused-vars': 'off' },
  },
  prettier,
  {
    // Prettier breaks code at 120 but cannot break a long string, template, regex or comment; this catches
    // those. After `prettier`, which turns max-len off.
    files: ['**/*.{ts,js}'],
    rules: {
      'max-len': [
        'error',
        {
          code: 120,
          ignoreComments: false,
          ignoreStrings: false,
          ignoreTemplateLiterals: false,
          ignoreRegExpLiterals: false,
          ignoreUrls: false,
        },
      ],
    },
  },
);
