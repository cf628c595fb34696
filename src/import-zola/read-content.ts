import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import type { ImportLog } from './import-log.ts';
import { listTree } from '../output/list-tree.ts';
import { FrontMatterError, splitFrontMatter, type FrontMatter } from './split-front-matter.ts';
import { zolaPageSchema, zolaSectionSchema, type ZolaPageMeta, type ZolaSectionMeta } from './zola-front-matter.ts';

interface ContentFile {
  /** Path from the Zola root with `/` (`content/blog/foo.md`): what the report shows. */
  file: string;
  /** Path from `content/` (`blog/foo.md`): what `@/` links name. */
  rel: string;
  /** Directories from `content/` to the file's section (a colocated page's own folder excluded). */
  components: string[];
  front: FrontMatter;
}

export interface ZolaPage extends ContentFile {
  kind: 'page';
  meta: ZolaPageMeta;
  /** File name without `.md`, or the folder name for a colocated `foo/index.md`. */
  stem: string;
  /** Content-relative folder of a colocated page (`blog/foo/`), holding its assets. */
  colocated: string | undefined;
  /** Content-relative paths of files that sit beside a colocated page. */
  assets: string[];
}

export interface ZolaSection extends ContentFile {
  kind: 'section';
  meta: ZolaSectionMeta;
  assets: string[];
}

export interface ZolaContent {
  pages: ZolaPage[];
  sections: ZolaSection[];
}

/** The site's languages: a file `name.LANG.md` is in LANG when LANG is one of them. */
export interface SiteLanguages {
  default: string;
  others: readonly string[];
}

/**
 * The file name without `.md` and its language, as Zola reads it: `about.fr.md` is the `fr`
 * translation of `about` when `fr` is a configured language; `about.en.md` is `about` in the
 * default `en`; any other dot stays in the name.
 */
function splitLanguage(name: string, languages: SiteLanguages): { name: string; lang: string } {
  const dot = name.lastIndexOf('.');
  const lang = dot > 0 ? name.slice(dot + 1) : '';
  return lang === languages.default || languages.others.includes(lang) ? { name: name.slice(0, dot), lang } : { name, lang: languages.default };
}

/**
 * Walk `content/` in a stable order and parse every page and section header of the default
 * language. A translation is not imported (a galley site has one language): each is a report
 * line that needs a person, so no file is dropped unsaid.
 */
export async function readContent(zolaDir: string, log: ImportLog, languages: SiteLanguages): Promise<ZolaContent> {
  const contentDir = path.join(zolaDir, 'content');
  const files = await listTree(contentDir);
  const mdFiles = files.filter((f) => f.endsWith('.md'));
  const pages: ZolaPage[] = [];
  const sections: ZolaSection[] = [];

  for (const rel of mdFiles) {
    const file = `content/${rel}`;
    const { name, lang } = splitLanguage(path.posix.basename(rel, '.md'), languages);
    if (lang !== languages.default) {
      log.needsPerson({ file, line: 1 }, `\`${lang}\` translation`, `Unexpected \`${lang}\` translation, expected the site's one language (\`${languages.default}\`)`, 'import-translation', 'Not imported: a galley site has one language. Publish it as a page of its own, or as a site per language.');
      continue;
    }
    const source = await readFile(path.join(contentDir, rel), 'utf8');
    let front: FrontMatter;
    try {
      front = splitFrontMatter(source);
    } catch (error) {
      const e = error as FrontMatterError;
      log.needsPerson({ file, line: e.line, column: e.column }, 'front matter', e.message, 'import-front-matter', 'Zola refuses this file too; fix the header and import again.');
      continue;
    }
    const dir = path.posix.dirname(rel);
    const dirParts = dir === '.' ? [] : dir.split('/');
    if (name === '_index') {
      const meta = validate(zolaSectionSchema, front, file, log);
      if (meta) sections.push({ kind: 'section', file, rel, components: dirParts, front, meta, assets: assetsIn(files, dir, false) });
      continue;
    }
    const meta = validate(zolaPageSchema, front, file, log);
    if (!meta) continue;
    // Zola's rule: an `index.md` below content/ is a page with its folder of assets.
    const colocated = name === 'index' && dirParts.length > 0 ? `${dir}/` : undefined;
    pages.push({
      kind: 'page',
      file,
      rel,
      components: colocated ? dirParts.slice(0, -1) : dirParts,
      front,
      meta,
      stem: colocated ? dirParts.at(-1)! : name,
      colocated,
      assets: colocated ? assetsIn(files, dir, true) : [],
    });
  }
  return { pages, sections };
}

function validate<S extends z.ZodType>(schema: S, front: FrontMatter, file: string, log: ImportLog): z.output<S> | undefined {
  const result = schema.safeParse(front.data);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const key = issue.path.join('.');
    log.needsPerson(
      { file, line: front.keyLines.get(String(issue.path[0] ?? '')) ?? 1 },
      'front matter',
      `Unexpected value at \`${key}\`: ${issue.message}`,
      'import-front-matter',
      'Zola refuses this header too; fix it and import again.',
    );
  }
  return undefined;
}

/** Non-Markdown files in a content folder: a colocated page takes its whole folder, a section its own files. */
function assetsIn(files: string[], dir: string, recursive: boolean): string[] {
  if (dir === '.') return [];
  return files.filter((f) => !f.endsWith('.md') && (recursive ? f.startsWith(`${dir}/`) : path.posix.dirname(f) === dir));
}
