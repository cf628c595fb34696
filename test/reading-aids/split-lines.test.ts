import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { ElementContent } from 'hast';
import { toString } from 'hast-util-to-string';
import { splitLines } from '../../src/markdown/split-lines.ts';

// Random token trees like a highlighter's: text with newlines, spans nested a few levels deep.
const text = fc.stringMatching(/^[a-z \n]{0,12}$/).map((value): ElementContent => ({ type: 'text', value }));
const { tree } = fc.letrec<{ tree: ElementContent[]; node: ElementContent }>((tie) => ({
  tree: fc.array(tie('node'), { maxLength: 5 }),
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    fc.record({ cls: fc.constantFrom('pl-s', 'pl-c', 'pl-k'), children: tie('tree') }).map(
      ({ cls, children }): ElementContent => ({ type: 'element', tagName: 'span', properties: { className: [cls] }, children: children as ElementContent[] }),
    ),
  ),
}));

const textOf = (nodes: ElementContent[]) => toString({ type: 'root', children: nodes });

test('split-lines: the lines joined by newlines give back the text, no line holds a newline', () => {
  fc.assert(
    fc.property(tree, (nodes) => {
      const lines = splitLines(nodes);
      assert.equal(lines.map(textOf).join('\n'), textOf(nodes));
      for (const line of lines) assert.doesNotMatch(textOf(line), /\n/);
    }),
  );
});

test('split-lines: a token over three lines is reopened on each line with its class', () => {
  const lines = splitLines([{ type: 'element', tagName: 'span', properties: { className: ['pl-s'] }, children: [{ type: 'text', value: 'a\nb\nc' }] }]);
  assert.deepEqual(
    lines.map((l) => l.map((n) => (n.type === 'element' ? `${String(n.properties.className)}:${textOf(n.children)}` : ''))),
    [['pl-s:a'], ['pl-s:b'], ['pl-s:c']],
  );
});
