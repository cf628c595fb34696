import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Message, Plugin } from 'esbuild';
import { sha256 } from '../output/manifest.ts';
import { ExitCode, GalleyError } from '../report/galley-error.ts';

/** What a compile read: each local input file with its hash, and the module it produced. */
interface CompileRecord {
  compiled: string;
  inputs: [string, string][];
}

/**
 * The running galley's public module, which a config gets for `import ... from 'galley'`: the
 * bundle's `dist/index.mjs` beside it, or `src/index.ts` when galley runs from source (tsx).
 */
export function galleyModule(): string {
  return fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../index.ts' : './index.mjs', import.meta.url));
}

/**
 * `site.config.ts` bundled by esbuild into `.galley/cache/` (inside the project, so that bare
 * imports resolve against its node_modules, `galley` excepted); the path of the module to import.
 * A compile is kept while the config and every local file it imports have the bytes they had and
 * the same galley runs: starting esbuild was a fifth of a warm build of a small site. The module
 * is named by its code, so a process that loads a changed config never gets the one it imported before.
 */
export async function compileConfig(file: string, root: string, hash: string): Promise<string> {
  const cacheDir = path.join(root, '.galley', 'cache');
  const galley = galleyModule();
  // The compile names the galley module it imports: another galley (the bundle, tsx, another
  // checkout) on the same project compiles its own.
  const recordFile = path.join(cacheDir, `site.config.${sha256(`${hash}\0${galley}`).slice(0, 16)}.json`);
  const kept = await readRecord(recordFile);
  if (kept && existsSync(path.join(cacheDir, kept.compiled)) && kept.inputs.every(([rel, sum]) => hashOf(path.join(root, rel)) === sum)) {
    return path.join(cacheDir, kept.compiled);
  }
  const { code, inputs } = await bundle(file, root, galley);
  const compiled = `site.config.${sha256(code).slice(0, 16)}.mjs`;
  await mkdir(cacheDir, { recursive: true });
  await writeFile(path.join(cacheDir, compiled), code);
  const record: CompileRecord = { compiled, inputs: inputs.map((rel) => [rel, hashOf(path.join(root, rel)) ?? '']) };
  await writeFile(recordFile, JSON.stringify(record));
  // Best effort: another galley pruning the same folder must not fail this one's load.
  await pruneCompiles(cacheDir, path.basename(recordFile)).catch(() => undefined);
  return path.join(cacheDir, compiled);
}

/** Compiles kept besides the newest: an edited config goes back and forth, but not forever. */
const KEPT_COMPILES = 4;

/** Remove all but the current and the newest other records, and modules no kept record names: each config edit left two files. */
async function pruneCompiles(cacheDir: string, current: string): Promise<void> {
  const names = await readdir(cacheDir);
  const others = names.filter((n) => n !== current && /^site\.config\.[0-9a-f]{16}\.json$/.test(n));
  const records = await Promise.all(others.map(async (n) => ({ n, mtime: (await stat(path.join(cacheDir, n))).mtimeMs })));
  records.sort((a, b) => b.mtime - a.mtime || (a.n < b.n ? -1 : 1));
  const kept = [{ n: current }, ...records.slice(0, KEPT_COMPILES)];
  const modules = new Set((await Promise.all(kept.map((r) => readRecord(path.join(cacheDir, r.n))))).map((r) => r?.compiled));
  const stale = [...records.slice(KEPT_COMPILES).map((r) => r.n), ...names.filter((n) => /^site\.config\.[0-9a-f]{16}\.mjs$/.test(n) && !modules.has(n))];
  await Promise.all(stale.map((n) => rm(path.join(cacheDir, n), { force: true })));
}

/**
 * `galley` resolves to the running galley, not to a `node_modules/galley` of the project: a site
 * imported or kept outside a galley checkout has none (issue 17), and a config must see the
 * galley that validates it.
 */
function supplyGalley(galley: string): Plugin {
  return {
    name: 'galley-self',
    setup(build) {
      build.onResolve({ filter: /^galley$/ }, () => ({ path: pathToFileURL(galley).href, external: true }));
    },
  };
}

async function bundle(file: string, root: string, galley: string): Promise<{ code: string; inputs: string[] }> {
  try {
    // Loaded only for a project that has a config to compile.
    const { build } = await import('esbuild');
    const out = await build({
      entryPoints: [file],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
      absWorkingDir: root,
      // Packages stay imports, resolved from the project's node_modules, not inlined; galley is the running one.
      packages: 'external',
      plugins: [supplyGalley(galley)],
    });
    return { code: out.outputFiles[0]!.text, inputs: Object.keys(out.metafile.inputs) };
  } catch (error) {
    const errors = (error as { errors?: Message[] }).errors ?? [];
    const name = path.basename(file);
    throw new GalleyError(`Could not compile ${name}`, {
      exitCode: ExitCode.usage,
      ruleId: 'config-syntax',
      findings: errors.map((e) => ({
        file: name,
        line: e.location?.line ?? 0,
        column: (e.location?.column ?? 0) + 1,
        ruleId: 'config-syntax',
        severity: 'error' as const,
        message: `Unexpected syntax: ${e.text}`,
        hint: 'Fix the TypeScript syntax; the file must `export default defineConfig({...})`.',
      })),
      cause: error,
    });
  }
}

function hashOf(file: string): string | undefined {
  try {
    return sha256(readFileSync(file));
  } catch {
    return undefined;
  }
}

async function readRecord(file: string): Promise<CompileRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(file, 'utf8')) as CompileRecord;
    return typeof record.compiled === 'string' && Array.isArray(record.inputs) ? record : undefined;
  } catch {
    return undefined;
  }
}
