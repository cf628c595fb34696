import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { VFile } from 'vfile';

// One processor per thread: building it is not free and it holds no per-file state.
const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml', 'toml']).use(remarkGfm);

/** Markdown with a `---` YAML or `+++` TOML header, GFM tables, task lists, footnotes. */
export function parseMarkdown(file: VFile): Root {
  return processor.parse(file);
}
