import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, TomlError } from 'smol-toml';
import { z } from 'zod';
import { ExitCode, GalleyError } from '../report/galley-error.ts';

const strategy = z.enum(['on', 'safe', 'off']).default('on');

const taxonomySchema = z.looseObject({
  name: z.string().min(1),
  feed: z.boolean().default(false),
  rss: z.boolean().optional(), // before Zola 0.11, with `generate_rss`
  paginate_by: z.number().int().positive().optional(),
  paginate_path: z.string().default('page'),
  render: z.boolean().default(true),
});

/**
 * The slice of Zola's config (`zola.toml` or `config.toml`) the import reads. Loose on purpose: every other key is
 * reported as not carried over rather than rejected, since the file was valid for Zola.
 */
export const zolaConfigSchema = z.looseObject({
  base_url: z.string().min(1),
  title: z.string().optional(),
  description: z.string().optional(),
  author: z.string().optional(),
  default_language: z.string().default('en'),
  generate_feeds: z.boolean().optional(),
  generate_feed: z.boolean().optional(), // before Zola 0.19
  feed_filenames: z.array(z.string()).optional(),
  feed_filename: z.string().optional(), // before Zola 0.19
  generate_rss: z.boolean().optional(), // before Zola 0.11: `rss.xml`
  taxonomies: z.array(taxonomySchema).default([]),
  taxonomy_root: z.string().optional(),
  compile_sass: z.boolean().default(false),
  build_search_index: z.boolean().default(false),
  generate_sitemap: z.boolean().default(true),
  generate_robots_txt: z.boolean().default(true),
  languages: z.record(z.string(), z.unknown()).default({}),
  slugify: z
    .looseObject({ paths: strategy, paths_keep_dates: z.boolean().default(false), taxonomies: strategy, anchors: strategy })
    .prefault({}),
  markdown: z.record(z.string(), z.unknown()).default({}),
  extra: z.record(z.string(), z.unknown()).default({}),
});
export type ZolaConfig = z.output<typeof zolaConfigSchema>;

export interface LoadedZolaConfig {
  config: ZolaConfig;
  /** The site's feed file names when its feed is on (`atom.xml` by default), else empty. */
  feeds: string[];
  /**
   * The feed file names for section and taxonomy-term feeds: Zola writes those when the section
   * (`generate_feeds`) or taxonomy (`feed = true`) asks, whether or not the site's feed is on.
   */
  feedNames: string[];
  source: string;
  /** Which of CONFIG_FILES it is, for report lines. */
  file: string;
}

/** Zola's config names, in the order Zola tries them: the newer `zola.toml`, else `config.toml`. */
const CONFIG_FILES = ['zola.toml', 'config.toml'];

/** Read and validate the Zola config; a bad file is exit 2 with its line and column. */
export async function readZolaConfig(zolaDir: string): Promise<LoadedZolaConfig> {
  const file = CONFIG_FILES.find((name) => existsSync(path.join(zolaDir, name)));
  if (!file) {
    throw new GalleyError(`Unexpected Zola site without ${CONFIG_FILES.join(' or ')} in ${zolaDir}, expected a Zola project root`, {
      exitCode: ExitCode.usage,
      ruleId: 'import-no-config',
      hint: 'Pass the directory that holds zola.toml (or config.toml), content/ and templates/.',
    });
  }
  const source = await readFile(path.join(zolaDir, file), 'utf8');
  let raw: unknown;
  try {
    raw = parse(source);
  } catch (error) {
    const where = error instanceof TomlError ? { line: error.line, column: error.column } : { line: 1, column: 1 };
    throw new GalleyError(`Could not parse ${file}`, {
      exitCode: ExitCode.usage,
      ruleId: 'import-config-syntax',
      findings: [{ file, ...where, ruleId: 'import-config-syntax', severity: 'error', message: `Unexpected TOML: ${(error as Error).message.split('\n')[0]}`, hint: 'Fix the TOML; `zola check` reads the same file.' }],
      cause: error,
    });
  }
  const result = zolaConfigSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const key = issue.path.join('.');
    throw new GalleyError(`Unexpected value at \`${key}\` in ${file}: ${issue.message}`, {
      exitCode: ExitCode.usage,
      ruleId: 'import-config-invalid',
      findings: [{ file, ...locate(source, String(issue.path[0] ?? '')), ruleId: 'import-config-invalid', severity: 'error', message: `Unexpected value at \`${key}\`: ${issue.message}`, hint: 'Zola needs `base_url`; the other keys are optional.' }],
    });
  }
  const config = result.data;
  for (const taxonomy of config.taxonomies) taxonomy.feed ||= taxonomy.rss ?? false;
  const feedsOn = config.generate_feeds ?? config.generate_feed ?? false;
  const feedNames = config.feed_filenames ?? (config.feed_filename ? [config.feed_filename] : config.generate_rss && !feedsOn ? ['rss.xml'] : ['atom.xml']);
  const feeds = feedsOn || config.generate_rss ? feedNames : [];
  return { config, feeds, feedNames, source, file };
}

/** 1-based line of a key (`key = ...`) or a table (`[key]`) in TOML source (1:1 when absent). */
export function locate(source: string, key: string): { line: number; column: number } {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // `[key]` or a subtable of it (`[languages.fr]`).
  const pattern = new RegExp(`^\\s*(?:${escaped}\\s*=|\\[${escaped}[\\].])`);
  const index = key ? source.split('\n').findIndex((l) => pattern.test(l)) : -1;
  return index < 0 ? { line: 1, column: 1 } : { line: index + 1, column: 1 };
}
