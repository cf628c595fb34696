// `npm run mutate [-- MODULE...]`: StrykerJS over the integrity and security modules, one module at
// a time, each against only the test files that exercise it (Stryker's command runner, one mutant
// at a time: the suite runs real git, sshd and nginx). Prints the score per module and the time.
// Too slow for CI; the README lists the figures and why each surviving mutant is accepted.
import { Stryker } from '@stryker-mutator/core';
import type { PartialStrykerOptions } from '@stryker-mutator/api/core';

interface Module {
  name: string;
  mutate: string[];
  tests: string[];
  /** node's --test-name-pattern, for a test file much larger than the module. */
  pattern?: string;
}

const modules: Module[] = [
  { name: 'links', mutate: ['src/links/resolve-link.ts'], tests: ['test/links/resolve-link.test.ts'] },
  { name: 'ssh-key-blob', mutate: ['src/leak/ssh-key-blob.ts'], tests: ['test/leak/ssh-key-blob.test.ts'] },
  { name: 'placeholders', mutate: ['src/lint/check-placeholders.ts'], tests: ['test/lint/lint-fixtures.test.ts'] },
  { name: 'sections', mutate: ['src/lint/check-sections.ts'], tests: ['test/lint/lint-fixtures.test.ts'] },
  { name: 'static-server', mutate: ['src/serve/static-server.ts'], tests: ['test/serve/traversal.test.ts', 'test/serve/static-responses.test.ts'] },
  { name: 'git-server', mutate: ['src/publish/git-server/authorize.ts'], tests: ['test/publish/git-server.test.ts'] },
  { name: 'keys', mutate: ['src/publish/keys/*.ts'], tests: ['test/publish/check-keys.test.ts', 'test/publish/known-hosts-name.test.ts'] },
  { name: 'pins', mutate: ['src/pins/*.ts'], tests: ['test/pins/vendor-gate.test.ts'] },
  { name: 'sync-descent', mutate: ['src/sync/check-descent.ts'], tests: ['test/sync/cycle-faults.test.ts'], pattern: 'descen|rollback|max-depth|serves a signed' },
  { name: 'sync-manifest', mutate: ['src/sync/verify-manifest.ts'], tests: ['test/sync/verify-manifest.test.ts'] },
  { name: 'sync-signature', mutate: ['src/sync/verify-signature.ts'], tests: ['test/sync/verify-signature.test.ts'] },
  {
    name: 'leak',
    mutate: ['src/leak/scan-text.ts', 'src/leak/views.ts', 'src/leak/rules/*.ts'],
    tests: ['test/leak/scan-text.test.ts', 'test/leak/scan-tree.test.ts', 'test/leak/addresses.property.test.ts'],
  },
];

const KILLED = new Set(['Killed', 'Timeout']);
const COUNTED = new Set(['Killed', 'Timeout', 'Survived', 'NoCoverage']);

async function run(module: Module): Promise<string> {
  const started = Date.now();
  const pattern = module.pattern ? ` --test-name-pattern='${module.pattern}'` : '';
  const options: PartialStrykerOptions = {
    testRunner: 'command',
    commandRunner: { command: `node --import tsx --test${pattern} ${module.tests.join(' ')}` },
    mutate: module.mutate,
    concurrency: 1,
    coverageAnalysis: 'off',
    // tsx runs the sandbox without type checks; leave every file but the mutated ones byte for byte.
    disableTypeChecks: false,
    timeoutMS: 20_000,
    reporters: ['clear-text', 'json', 'progress-append-only'],
    jsonReporter: { fileName: `reports/mutation/${module.name}.json` },
    clearTextReporter: { reportMutants: true, reportTests: false, reportScoreTable: true },
    ignorePatterns: ['dist', 'bench/out', 'reports', 'site', 'docs-out', 'test/artifacts'],
    tempDirName: '.stryker-tmp',
    cleanTempDir: 'always',
  };
  const results = await new Stryker(options).runMutationTest();
  const counted = results.filter((r) => COUNTED.has(r.status));
  const killed = counted.filter((r) => KILLED.has(r.status)).length;
  const score = counted.length ? (100 * killed) / counted.length : 100;
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  return `${module.name.padEnd(14)} ${score.toFixed(1).padStart(5)} %  ${killed}/${counted.length} killed  ${minutes} min`;
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !modules.some((m) => m.name === w));
if (unknown.length) {
  console.error(`Unexpected module ${unknown.join(', ')}, expected one of: ${modules.map((m) => m.name).join(', ')}`);
  process.exit(2);
}
const started = Date.now();
const lines: string[] = [];
for (const module of modules.filter((m) => wanted.length === 0 || wanted.includes(m.name))) lines.push(await run(module));
console.log(`\nmutation score per module (killed or timed out / all mutants run)\n${lines.join('\n')}`);
console.log(`total ${((Date.now() - started) / 60_000).toFixed(1)} min`);
