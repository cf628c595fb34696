import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const root = path.resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

// Type-only imports count too: a cycle through types still ties two stages together for readers and tools.
const importFrom = /^\s*(?:import|export)\b[^;]*?\bfrom\s+'(\.[^']+)'/gm;

/** Every relative `import … from` and `export … from` between our own modules, static and type-only alike. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of [...sources(path.join(root, 'src')), ...sources(path.join(root, 'templates'))]) {
    const text = readFileSync(path.join(root, file), 'utf8');
    const targets = [...text.matchAll(importFrom)].map((m) => path.join(path.dirname(file), m[1]!));
    graph.set(file, targets);
  }
  return graph;
}

function findCycles(graph: Map<string, string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

test('the stages depend one way: no module of src/ or templates/ imports itself through others', () => {
  const graph = importGraph();
  assert.ok(graph.size > 100, `expected the whole source tree, got ${graph.size} modules`);
  const cycles = findCycles(graph);
  assert.deepEqual(cycles.map((c) => c.join(' → ')), []);
});

test('no source folder is named like build output or third-party code', () => {
  const misleading = new Set(['build', 'dist', 'out', 'vendor', 'third_party', 'node_modules']);
  const folders = readdirSync(path.join(root, 'src'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  assert.deepEqual(folders.filter((f) => misleading.has(f)), []);
});
