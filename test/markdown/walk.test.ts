// The tree walk of the render path: document order, SKIP, and a node replaced in its parent.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Nodes, Root } from 'mdast';
import { SKIP, walk } from '../../src/markdown/walk.ts';

const tree = (): Root => ({
  type: 'root',
  children: [
    { type: 'heading', depth: 2, children: [{ type: 'text', value: 'a' }, { type: 'emphasis', children: [{ type: 'text', value: 'b' }] }] },
    { type: 'paragraph', children: [{ type: 'text', value: 'c' }] },
    { type: 'html', value: '<br>' },
  ],
});

const label = (node: Nodes) => ('value' in node ? `${node.type}:${node.value}` : node.type);

test('every node, parents before children, in document order, with index and parent', () => {
  const seen: string[] = [];
  walk<Nodes>(tree(), (node, index, parent) => void seen.push(`${label(node)}@${index ?? '-'}<${parent?.type ?? '-'}`));
  assert.deepEqual(seen, ['root@-<-', 'heading@0<root', 'text:a@0<heading', 'emphasis@1<heading', 'text:b@0<emphasis', 'paragraph@1<root', 'text:c@0<paragraph', 'html:<br>@2<root']);
});

test('SKIP leaves out the children of that node only', () => {
  const seen: string[] = [];
  walk<Nodes>(tree(), (node) => {
    seen.push(label(node));
    if (node.type === 'heading') return SKIP;
  });
  assert.deepEqual(seen, ['root', 'heading', 'paragraph', 'text:c', 'html:<br>']);
});

test('a node replaced in its parent is walked in its place', () => {
  const root = tree();
  const seen: string[] = [];
  walk<Nodes>(root, (node, index, parent) => {
    seen.push(label(node));
    if (node.type === 'paragraph' && parent && index !== undefined) parent.children[index] = { type: 'heading', depth: 3, children: [{ type: 'text', value: 'd' }] } as Nodes;
  });
  assert.deepEqual(seen, ['root', 'heading', 'text:a', 'emphasis', 'text:b', 'paragraph', 'text:d', 'html:<br>']);
  assert.equal(root.children[1]!.type, 'heading');
});
