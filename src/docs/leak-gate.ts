import { scanTree, type AllowEntry } from '../leak/index.ts';
import type { TreeGate } from './write-pages.ts';

/**
 * The leak gate over the staged docs tree (design §7, §8): the same scan as the build's, with the
 * author's `leak.allow`; an unsuppressed finding keeps the tree from being swapped in.
 */
export function leakGate(allow: readonly AllowEntry[]): TreeGate {
  return (dir) => scanTree(dir, { allow: [...allow] });
}
