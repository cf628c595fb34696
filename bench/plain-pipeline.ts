// The baseline of build.bench.ts, in its own process: a plain single-threaded unified pipeline
// (remark-parse + remark-gfm → remark-rehype → rehype-stringify → write), no template, no gates.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';

const [root, out] = process.argv.slice(2) as [string, string];
const dir = path.join(root, 'content', 'entries');
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const processor = unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(rehypeStringify);
for (const name of (await readdir(dir)).sort()) {
  const html = String(await processor.process(await readFile(path.join(dir, name), 'utf8')));
  await writeFile(path.join(out, name.replace(/\.md$/, '.html')), html);
}
