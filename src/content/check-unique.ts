import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Point } from 'unist';
import { tagUrl } from '../../templates/entry.ts';
import type { BuildContext, Gate } from '../pipeline/gate.ts';
import type { EntryResult, Published } from '../pipeline/process-entry.ts';
import type { Finding } from '../report/finding.ts';
import { aliasOutputPath } from './entry-slug.ts';

/** Who takes an output path: an entry or page by its address, or by one of its aliases. */
interface Owner {
  file: string;
  place: Point;
  doc: Published;
  /** The alias that takes it, when it is one. */
  alias?: string;
}

// What galley writes itself at an address a page can have (`<path>/index.html`).
const GENERATED = new Map([
  ['index.html', 'the index'],
  ['tags/index.html', 'the tags page'],
]);

const at = (file: string, place: Point) => ({ file, line: place.line, column: place.column, severity: 'error' as const, source: 'frontmatter' });

/**
 * Front matter across entries and pages: every address and alias names one page, and no alias
 * shadows one. A page whose path another file takes (an entry, an alias, a tag page, the index,
 * a `public/` file) is reported at both places.
 */
export const uniqueGate: Gate = {
  name: 'frontmatter',
  async run(ctx: BuildContext): Promise<Finding[]> {
    const findings: Finding[] = [];
    const owners = new Map<string, Owner>();
    const docs = ctx.entries.filter((r): r is EntryResult & { entry: Published } => r.entry !== undefined);
    for (const r of docs) {
      const mine: Owner = { file: r.source, place: r.entry.places.slug, doc: r.entry };
      const first = owners.get(r.entry.outPath);
      if (!first) owners.set(r.entry.outPath, mine);
      else if (first.doc.kind === 'entry' && r.entry.kind === 'entry') findings.push(slugDuplicate(r.source, r.entry, first.file));
      else findings.push(...collision(first, mine));
    }
    for (const r of docs) {
      r.entry.aliases.forEach((alias, i) => {
        const out = aliasOutputPath(alias);
        if (!out) return;
        const mine: Owner = { file: r.source, place: r.entry.places.aliases[i]!, doc: r.entry, alias };
        const first = owners.get(out);
        if (!first) owners.set(out, mine);
        else if (first.doc.kind === 'page' && first.alias === undefined) findings.push(...collision(first, mine));
        else findings.push(aliasDuplicate(mine, first.file));
      });
    }
    findings.push(...generatedCollisions(ctx, docs));
    return findings;
  },
};

/** Pages at a path galley generates (the index, a tag page of a published entry) or `public/` holds. */
function generatedCollisions(ctx: BuildContext, docs: (EntryResult & { entry: Published })[]): Finding[] {
  const findings: Finding[] = [];
  const tagOwners = new Map<string, { file: string; place: Point; tag: string }>();
  for (const r of docs) {
    if (!r.page) continue;
    r.entry.tags.forEach((tag, i) => {
      const out = `${tagUrl(tag).slice(1)}index.html`;
      if (!tagOwners.has(out)) tagOwners.set(out, { file: r.source, place: r.entry.places.tags[i]!, tag });
    });
  }
  for (const r of docs) {
    if (r.entry.kind !== 'page') continue;
    const page: Owner = { file: r.source, place: r.entry.places.slug, doc: r.entry };
    const out = r.entry.outPath;
    const generated = GENERATED.get(out);
    const tagged = tagOwners.get(out);
    const publicFile = path.posix.join(ctx.config.paths.public.split(path.sep).join('/'), out);
    if (generated) {
      findings.push(pathTaken(page, generated, 'Move the page (its file under content/pages/ or its `slug:`): galley writes this page itself.'));
    } else if (tagged) {
      findings.push(
        pathTaken(page, `the tag page of \`${tagged.tag}\` (tagged in \`${tagged.file}\`)`, 'Move the page, or rename the tag.'),
        { ...at(tagged.file, tagged.place), ruleId: 'frontmatter-path-collision', message: `Unexpected tag \`${tagged.tag}\` whose page \`${r.entry.url}\` is the page \`${r.source}\`, expected one file per address`, hint: 'Rename the tag, or move the page.' },
      );
    } else if (existsSync(path.join(ctx.root, ...publicFile.split('/')))) {
      findings.push(pathTaken(page, `\`${publicFile}\``, 'Move the page, or remove the file from public/.'), {
        ...at(publicFile, { line: 1, column: 1 }),
        ruleId: 'frontmatter-path-collision',
        message: `Unexpected file at \`${r.entry.url}\`, the address of the page \`${r.source}\`, expected one file per address`,
        hint: 'Remove the file from public/, or move the page.',
      });
    }
  }
  return findings;
}

function pathTaken(page: Owner, what: string, hint: string): Finding {
  return { ...at(page.file, page.place), ruleId: 'frontmatter-path-collision', message: `Unexpected page at \`${page.doc.url}\`, the address of ${what}, expected one file per address`, hint };
}

/** Two owners of one path, one of them a page: a finding at each, naming the other. */
function collision(first: Owner, second: Owner): Finding[] {
  const name = (o: Owner) => (o.alias !== undefined ? `the alias \`${o.alias}\` of \`${o.file}\`` : `the ${o.doc.kind} \`${o.file}\``);
  const address = first.alias ?? first.doc.url;
  return [first, second].map((o, i) => ({
    ...at(o.file, o.place),
    ruleId: 'frontmatter-path-collision',
    message: `Unexpected ${o.alias !== undefined ? `alias \`${o.alias}\`` : `${o.doc.kind} at \`${address}\``} also taken by ${name(i === 0 ? second : first)}, expected one file per address`,
    hint: 'Move the page (its file under content/pages/ or its `slug:`), or change the other address.',
  }));
}

function slugDuplicate(file: string, entry: Published, first: string): Finding {
  return {
    ...at(file, entry.places.slug),
    ruleId: 'frontmatter-slug-duplicate',
    message: `Unexpected slug \`${entry.slug}\` already used by \`${first}\`, expected each entry at its own address`,
    hint: 'Rename the file or set a different `slug:`.',
  };
}

function aliasDuplicate(alias: Owner, first: string): Finding {
  return {
    ...at(alias.file, alias.place),
    ruleId: 'frontmatter-alias-duplicate',
    message: `Unexpected alias \`${alias.alias}\` already taken by \`${first}\`, expected each alias once`,
    hint: 'Remove the alias from one of the entries (an address can redirect to one place).',
  };
}
