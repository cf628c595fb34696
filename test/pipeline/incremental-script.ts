// The edit script of the incremental-correctness tests (issue 10): a generated project and a
// list of steps, each a few file edits and what a cold build of the state after it must show.
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateCorpus } from '../../bench/corpus.ts';
import { slugify } from '../../src/markdown/slugify.ts';
import { hashedName } from '../../src/render/site-assets.ts';
import { projectRoot } from '../helpers/fixture-project.ts';

/** One file written once (an edit is one save) or removed; `replace` pairs apply to its current text. */
export type Edit = { file: string; write: string } | { file: string; replace: Array<[from: string, to: string]> } | { file: string; remove: true };

export interface Step {
  label: string;
  edits: Edit[];
  /**
   * What the cold build of the state after the step shows, so a step proves it did what its label
   * says: `errors` is every (file, rule id) of its error findings; `has`/`lacks` are output paths.
   */
  expect: { ok: boolean; errors?: Array<[file: string, ruleId: string]>; has?: string[]; lacks?: string[] };
}

const ENTRIES = 'content/entries';
const PAGES = 'content/pages';
const CONFIG = (title: string) => `export default { site: { title: ${JSON.stringify(title)} } };\n`;

/**
 * A generated corpus of `count` entries with cross-links to heading fragments, plus what dev has
 * to watch from the start (a config, `templates/assets/`, `public/`): a directory created later
 * is not watched.
 */
export async function incrementalProject(dir: string, count: number): Promise<void> {
  await generateCorpus(dir, count);
  await writeFile(path.join(dir, 'site.config.ts'), CONFIG('Incremental'));
  await mkdir(path.join(dir, 'templates/assets'), { recursive: true });
  await cp(path.join(projectRoot, 'test/fixtures/_base/public'), path.join(dir, 'public'), { recursive: true });
}

export async function applyEdits(root: string, edits: readonly Edit[]): Promise<void> {
  for (const edit of edits) {
    const file = path.join(root, edit.file);
    if ('remove' in edit) {
      await rm(file);
    } else if ('write' in edit) {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, edit.write);
    } else {
      await writeFile(file, replaced(await readFile(file, 'utf8'), edit.replace, edit.file));
    }
  }
}

function replaced(text: string, pairs: Array<[string, string]>, file: string): string {
  return pairs.reduce((t, [from, to]) => {
    if (!t.includes(from)) throw new Error(`script: ${file} does not contain ${JSON.stringify(from)}`);
    return t.split(from).join(to);
  }, text);
}

/** The script keeps a model of the project's text, so later steps can restore what earlier ones changed. */
class Script {
  readonly steps: Step[] = [];
  readonly #text = new Map<string, string>();

  constructor(files: Map<string, string>) {
    for (const [file, text] of files) this.#text.set(file, text);
  }

  text(file: string): string {
    const text = this.#text.get(file);
    if (text === undefined) throw new Error(`script: no ${file}`);
    return text;
  }

  entries(): string[] {
    return [...this.#text.keys()].filter((f) => f.startsWith(`${ENTRIES}/`)).sort();
  }

  /** Entry files holding a link to `/entries/<slug>/#<fragment>` (any fragment when none given). */
  linkers(slug: string, fragment?: string): string[] {
    const target = fragment === undefined ? `](/entries/${slug}/#` : `](/entries/${slug}/#${fragment})`;
    return this.entries().filter((f) => this.text(f).includes(target));
  }

  step(label: string, edits: Edit[], expect: Step['expect']): void {
    for (const edit of edits) {
      if ('remove' in edit) this.#text.delete(edit.file);
      else this.#text.set(edit.file, 'write' in edit ? edit.write : replaced(this.text(edit.file), edit.replace, edit.file));
    }
    this.steps.push({ label, edits, expect });
  }
}

const entryFile = (slug: string) => `${ENTRIES}/${slug}.md`;
const slugOf = (file: string) => path.basename(file, '.md');

/** The steps, planned from the project as `incrementalProject` wrote it. */
export async function incrementalScript(root: string): Promise<Step[]> {
  const files = new Map<string, string>();
  for (const name of (await readdir(path.join(root, ENTRIES))).sort()) files.set(`${ENTRIES}/${name}`, await readFile(path.join(root, ENTRIES, name), 'utf8'));
  const s = new Script(files);
  const [first, second] = s.entries();

  s.step('edit the prose of one entry', [{ file: first!, replace: [[SKEPTIC, `${SKEPTIC}A sentence added by the edit.\n\n`]] }], { ok: true });

  // A heading other entries link to: renaming it breaks their links, not its own page.
  const { file: target, heading, fragment } = mostLinkedHeading(s);
  const revised = `${heading} revised`;
  const linkers = s.linkers(slugOf(target), fragment);
  const rename = (from: string, to: string): [string, string] => [`\n## ${from}\n`, `\n## ${to}\n`];
  s.step('rename a heading other entries link to', [{ file: target, replace: [rename(heading, revised)] }], {
    ok: false,
    errors: linkers.map((f) => [f, 'link-missing-fragment']),
  });
  s.step('change the heading back', [{ file: target, replace: [rename(revised, heading)] }], { ok: true });
  const relink: [string, string] = [`](/entries/${slugOf(target)}/#${fragment})`, `](/entries/${slugOf(target)}/#${slugify(revised)})`];
  s.step(
    'rename the heading and fix the links to it',
    [...new Set([target, ...linkers])].map((f) => ({ file: f, replace: f === target ? [rename(heading, revised), ...(linkers.includes(f) ? [relink] : [])] : [relink] })),
    { ok: true },
  );

  // Tag pages: one more, then one fewer.
  const tagged = s.entries().filter((f) => /\bnginx\b/.test(tagLine(s.text(f))));
  if (tagged.length < 2) throw new Error('script: the corpus needs two entries tagged nginx');
  const retag = (f: string): Edit => ({ file: f, replace: [[tagLine(s.text(f)), tagLine(s.text(f)).replace(/\bnginx\b/, 'web-server')]] });
  s.step('rename a tag on one entry', [retag(tagged[0]!)], { ok: true, has: ['tags/web-server/index.html', 'tags/nginx/index.html'] });
  s.step('rename the tag on every other entry', tagged.slice(1).map(retag), { ok: true, has: ['tags/web-server/index.html'], lacks: ['tags/nginx/index.html'] });

  // An entry others link to: deleted, restored, then deleted with the links to it.
  const gone = s.entries().find((f) => f !== target && s.linkers(slugOf(f)).some((l) => l !== f))!;
  const goneText = s.text(gone);
  const goneLinkers = s.linkers(slugOf(gone)).filter((f) => f !== gone);
  s.step('delete an entry others link to', [{ file: gone, remove: true }], { ok: false, errors: goneLinkers.map((f) => [f, 'link-missing-page']) });
  s.step('restore the deleted entry', [{ file: gone, write: goneText }], { ok: true, has: [pageOf(gone)] });
  const unlink = (f: string): Edit => ({ file: f, replace: [...new Map([...s.text(f).matchAll(linkTo(slugOf(gone)))].map((m) => [m[0], m[1]!]))] });
  s.step('delete the entry and unlink it', [{ file: gone, remove: true }, ...goneLinkers.map(unlink)], { ok: true, lacks: [pageOf(gone)] });

  // Front matter: broken two ways, fixed each time.
  const fm = s.entries().find((f) => f !== gone && f !== target)!;
  const title = /^title: .*$/m.exec(s.text(fm))![0];
  // An entry with bad front matter is not built: the links to it break too.
  const unbuilt = (rule: string): Step['expect'] => ({ ok: false, errors: [[fm, rule], ...s.linkers(slugOf(fm)).filter((f) => f !== fm).map((f): [string, string] => [f, 'link-missing-page'])] });
  s.step('break the front matter: invalid YAML', [{ file: fm, replace: [[title, title.replace('title: ', 'title: [')]] }], unbuilt('frontmatter-yaml'));
  s.step('fix the YAML', [{ file: fm, replace: [[title.replace('title: ', 'title: ['), title]] }], { ok: true });
  s.step('break the front matter: no title', [{ file: fm, replace: [[`${title}\n`, '']] }], unbuilt('frontmatter-missing-key'));
  s.step('put the title back', [{ file: fm, replace: [['---\ndate: ', `---\n${title}\ndate: `]] }], { ok: true });

  // Every page names the stylesheet by its hash.
  const galleyCss = await readFile(path.join(projectRoot, 'templates/assets/site.css'), 'utf8');
  const ownCss = `${galleyCss}\n/* the project's own rule */\nbody { letter-spacing: 0.01em; }\n`;
  const [galleyUrl, ownUrl] = [hashedName('site.css', Buffer.from(galleyCss)), hashedName('site.css', Buffer.from(ownCss))];
  s.step("add the project's own templates/assets/site.css", [{ file: 'templates/assets/site.css', write: ownCss }], { ok: true, has: [ownUrl], lacks: [galleyUrl] });
  s.step('remove it again', [{ file: 'templates/assets/site.css', remove: true }], { ok: true, has: [galleyUrl], lacks: [ownUrl] });

  s.step('add a file under public/', [{ file: 'public/files/notes.txt', write: 'Notes kept beside the site.\n' }], { ok: true, has: ['files/notes.txt'] });
  s.step('remove the file from public/', [{ file: 'public/files/notes.txt', remove: true }], { ok: true, lacks: ['files/notes.txt'] });

  s.step('change the site title in site.config.ts', [{ file: 'site.config.ts', write: CONFIG('Incremental, revised') }], { ok: true });
  s.step('add an entry', [{ file: `${ENTRIES}/entry-added.md`, write: s.text(second!).replace(/^title: /m, 'title: Added ') }], { ok: true, has: ['entries/entry-added/index.html'] });

  // A page: links from it to an entry's heading and back, a heading renamed, an address taken.
  const [host, linker] = s.entries();
  const page = `${PAGES}/about.md`;
  const pageText = `---\ntitle: About\n---\nRead [the doubts](/entries/${slugOf(host!)}/#the-skeptic-s-view).\n\n## Who writes it\n\nOne person.\n`;
  const backLink = `${SKEPTIC}See [who writes it](/about/#who-writes-it).\n\n`;
  s.step('add a page that links to a heading of an entry', [{ file: page, write: pageText }], { ok: true, has: ['about/index.html'] });
  s.step('link an entry to a heading of the page', [{ file: linker!, replace: [[SKEPTIC, backLink]] }], { ok: true });
  s.step('rename the page heading the entry links to', [{ file: page, replace: [['## Who writes it', '## Who edits it']] }], { ok: false, errors: [[linker!, 'link-missing-fragment']] });
  s.step('rename it back', [{ file: page, replace: [['## Who edits it', '## Who writes it']] }], { ok: true });
  const moved = `${PAGES}/entries/${slugOf(host!)}.md`;
  s.step("move the page to an entry's address", [{ file: page, remove: true }, { file: moved, write: pageText }], {
    ok: false,
    errors: [[host!, 'frontmatter-path-collision'], [moved, 'frontmatter-path-collision'], [linker!, 'link-missing-page']],
  });
  s.step('move it back', [{ file: moved, remove: true }, { file: page, write: pageText }], { ok: true, has: ['about/index.html'] });
  s.step('remove the page and the link to it', [{ file: page, remove: true }, { file: linker!, replace: [[backLink, SKEPTIC]] }], { ok: true, lacks: ['about/index.html'] });

  // A bundle: the entry's folder holds its index.md and a file it links to by a relative path.
  const bundle = `${ENTRIES}/bundled/index.md`;
  const bundleText = s.text(second!).replace(/^title: /m, 'title: Bundled ').replace(SKEPTIC, `${SKEPTIC}See [the notes](notes.txt).\n\n`);
  const notes = `${ENTRIES}/bundled/notes.txt`;
  s.step('add a bundle: index.md and a file beside it', [{ file: bundle, write: bundleText }, { file: notes, write: 'Notes of the bundle.\n' }], { ok: true, has: ['entries/bundled/index.html', 'entries/bundled/notes.txt'] });
  s.step("change the bundle's file", [{ file: notes, write: 'Notes of the bundle, revised.\n' }], { ok: true, has: ['entries/bundled/notes.txt'] });
  s.step("remove the bundle's file the entry links to", [{ file: notes, remove: true }], { ok: false, errors: [[bundle, 'link-missing-asset']] });
  s.step('put the file back', [{ file: notes, write: 'Notes of the bundle.\n' }], { ok: true, has: ['entries/bundled/notes.txt'] });
  return s.steps;
}

const SKEPTIC = "## The skeptic's view\n\n";
const pageOf = (file: string) => `entries/${slugOf(file)}/index.html`;
const tagLine = (text: string) => /^tags: .*$/m.exec(text)![0];
const linkTo = (slug: string) => new RegExp(`\\[([^\\]]*)\\]\\(/entries/${slug}/#[^)]*\\)`, 'g');

/** The heading most other entries link to (first in file order on a tie). */
function mostLinkedHeading(s: Script): { file: string; heading: string; fragment: string } {
  let best: { file: string; heading: string; fragment: string; count: number } | undefined;
  for (const file of s.entries()) {
    for (const [, heading] of s.text(file).matchAll(/^## (.*)$/gm)) {
      const fragment = slugify(heading!);
      const count = s.linkers(slugOf(file), fragment).filter((f) => f !== file).length;
      if (count > (best?.count ?? 0)) best = { file, heading: heading!, fragment, count };
    }
  }
  if (!best) throw new Error('script: no heading is linked from another entry');
  return best;
}
