import type { Root as HastRoot, Nodes as HastNodes } from 'hast';
import type { Root } from 'mdast';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import { VFile } from 'vfile';
import type { FrontMatterBlock } from '../content/read-front-matter.ts';
import { parseMarkdown } from '../markdown/parse-markdown.ts';
import { walk } from '../markdown/walk.ts';
import { sha256 } from '../output/manifest.ts';
import { timed } from './phase-times.ts';

/** An entry or page source parsed: its vfile, the body's tree and the header taken out of it. */
export function parseSource(source: string, text: string): { file: VFile; tree: Root; block: FrontMatterBlock | undefined } {
  const file = new VFile({ path: source, value: text });
  const tree = timed('parse', () => parseMarkdown(file));
  const head = tree.children[0];
  const block: FrontMatterBlock | undefined =
    head && (head.type === 'yaml' || (head.type as string) === 'toml')
      ? { kind: head.type === 'yaml' ? 'yaml' : 'toml', value: (head as { value: string }).value, start: head.position!.start }
      : undefined;
  if (block) tree.children.shift();
  return { file, tree, block };
}

const stringifier = unified().use(rehypeStringify);

/** The parts of an entry's or page's result that its rendered page fills. */
interface PageParts {
  ids: string[];
  scriptIntegrity: string[];
  html?: string;
  page?: { sha256: string; size: number };
}

/** The rendered page into the result: its ids and script integrities for the gates, its HTML and hash. */
export function serializePage(result: PageParts, page: HastRoot): void {
  walk<HastNodes>(page, (node) => {
    if (node.type !== 'element') return;
    if (typeof node.properties.id === 'string') result.ids.push(node.properties.id);
    if (node.tagName === 'script' && typeof node.properties.integrity === 'string') result.scriptIntegrity.push(node.properties.integrity);
  });
  timed('serialize', () => {
    result.html = stringifier.stringify(page);
    // Hashed here, in the worker, for the manifest and the cache.
    result.page = { sha256: sha256(result.html), size: Buffer.byteLength(result.html) };
  });
}
