import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { z } from 'zod';
import { sha256 } from '../output/manifest.ts';
import { didYouMean } from '../report/did-you-mean.ts';
import type { Finding } from '../report/finding.ts';
import { ExitCode, GalleyError } from '../report/galley-error.ts';
import { compileConfig } from './compile-config.ts';
import { configSchema, type Config } from './schema.ts';

export const CONFIG_FILE = 'site.config.ts';

export interface LoadedConfig {
  config: Config;
  /** Absolute project root; every configured path is relative to it. */
  root: string;
  /** The config file's path relative to the root, or undefined when defaults are used. */
  file: string | undefined;
  /** sha256 of the config source, so caches can be invalidated by a config change. */
  hash: string;
}

/**
 * Load `site.config.ts` from the root: bundle it with esbuild (so it may import TypeScript and
 * `galley`), import the result, validate it with the zod schema. Every failure is exit 2 with the
 * config file's line and column.
 */
export async function loadConfig(root: string): Promise<LoadedConfig> {
  const absRoot = path.resolve(root);
  // A mistyped --root would otherwise build an empty site there, from the defaults.
  if (!statSync(absRoot, { throwIfNoEntry: false })?.isDirectory()) {
    throw new GalleyError(`Unexpected project root \`${root}\` that is not a directory, expected the directory that holds ${CONFIG_FILE} or content/`, {
      exitCode: ExitCode.usage,
      ruleId: 'config-no-root',
      hint: 'Check --root (relative paths are from the current directory); nothing was read or written.',
    });
  }
  const file = path.join(absRoot, CONFIG_FILE);
  if (!existsSync(file)) {
    return { config: configSchema.parse({}), root: absRoot, file: undefined, hash: 'defaults' };
  }
  const source = await readFile(file, 'utf8');
  const hash = sha256(source);
  const exported = await importConfig(file, absRoot, hash);
  const result = configSchema.safeParse(exported);
  if (!result.success) {
    throw new GalleyError(`Invalid ${CONFIG_FILE}`, {
      exitCode: ExitCode.usage,
      ruleId: 'config-invalid',
      findings: result.error.issues.map((issue) => issueToFinding(issue, source)),
    });
  }
  return { config: result.data, root: absRoot, file: CONFIG_FILE, hash };
}

async function importConfig(file: string, root: string, hash: string): Promise<unknown> {
  const compiled = await compileConfig(file, root, hash);
  try {
    const mod = (await import(pathToFileURL(compiled).href)) as { default?: unknown };
    if (mod.default === undefined) {
      throw new GalleyError(`Unexpected ${CONFIG_FILE} without a default export, expected \`export default defineConfig({...})\``, {
        exitCode: ExitCode.usage,
        ruleId: 'config-no-default',
        hint: "Add `export default defineConfig({ ... })` with `import { defineConfig } from 'galley'`.",
      });
    }
    return mod.default;
  } catch (error) {
    if (error instanceof GalleyError) throw error;
    throw new GalleyError(`Could not evaluate ${CONFIG_FILE}: ${(error as Error).message}`, {
      exitCode: ExitCode.usage,
      ruleId: 'config-load',
      hint: 'The config threw while loading; check its imports and top-level code.',
      cause: error,
    });
  }
}

function issueToFinding(issue: z.core.$ZodIssue, source: string): Finding {
  const keyPath = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const known = knownKeysAt(keyPath);
    const suggestion = didYouMean(key, known);
    return {
      file: CONFIG_FILE,
      ...locateKey(source, key),
      ruleId: 'config-unknown-key',
      severity: 'error',
      message: `Unexpected key \`${[...keyPath, key].join('.')}\`, expected one of ${known.map((k) => `\`${k}\``).join(', ')}`,
      hint: suggestion ? `Did you mean \`${suggestion}\`?` : 'Remove the key or check the README for the config reference.',
    };
  }
  return {
    file: CONFIG_FILE,
    ...locateKey(source, keyPath.at(-1) ?? ''),
    ruleId: 'config-invalid',
    severity: 'error',
    message: `Unexpected value at \`${keyPath.join('.') || '(root)'}\`: ${issue.message}`,
    hint: 'See the config reference in the README for the expected type.',
  };
}

/** The keys the schema accepts at a path, for did-you-mean. */
function knownKeysAt(keyPath: string[]): string[] {
  let schema: z.ZodType = configSchema;
  for (const key of keyPath) {
    const inner = unwrap(schema);
    const shape = (inner as unknown as { shape?: Record<string, z.ZodType> }).shape;
    if (!shape || !(key in shape)) return [];
    schema = shape[key]!;
  }
  const shape = (unwrap(schema) as unknown as { shape?: Record<string, z.ZodType> }).shape;
  return shape ? Object.keys(shape) : [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema as unknown as { unwrap?: () => z.ZodType; def?: { innerType?: z.ZodType } };
  for (let i = 0; i < 8; i++) {
    const inner = current.def?.innerType;
    if (!inner) break;
    current = inner as never;
  }
  return current as unknown as z.ZodType;
}

/** Line and column of the first `key:` in the config source (1-based), or 1:1 if not found. */
function locateKey(source: string, key: string): { line: number; column: number } {
  if (key) {
    const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const match = new RegExp(`(['"]?)\\b${escaped}\\1\\s*:`).exec(source);
    if (match) {
      const before = source.slice(0, match.index);
      const line = before.split('\n').length;
      return { line, column: match.index - before.lastIndexOf('\n') };
    }
  }
  return { line: 1, column: 1 };
}
