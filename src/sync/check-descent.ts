import { SyncFailure } from './failure.ts';
import { fetchTip, type FetchSource } from './fetch.ts';
import { runGit } from './run-git.ts';

async function isAncestor(gitDir: string, ancestor: string, commit: string): Promise<boolean> {
  const result = await runGit(['merge-base', '--is-ancestor', ancestor, commit], { gitDir });
  return result.code === 0;
}

async function historyLength(gitDir: string, commit: string): Promise<number> {
  const result = await runGit(['rev-list', '--count', commit], { gitDir });
  return Number(result.stdout.toString().trim()) || 0;
}

/**
 * Rollback protection: the fetched tip must have the served commit in its history. The fetch is
 * shallow, so deepen (doubling) until the served commit shows up, the history ends, or `maxDepth`
 * commits were searched. A rollback made by `galley rollback` is a new commit on top, so it passes.
 * Returns the extra bytes fetched.
 */
export async function checkDescent(source: FetchSource, served: string, tip: string, maxDepth: number): Promise<number> {
  let bytes = 0;
  let searched = 1;
  let length = await historyLength(source.gitDir, tip);
  while (!(await isAncestor(source.gitDir, served, tip))) {
    if (searched >= maxDepth) {
      throw notDescendant(served, tip, `not within ${maxDepth} commits of its history`);
    }
    const step = Math.min(searched, maxDepth - searched);
    bytes += (await fetchTip(source, step)).bytes;
    searched += step;
    const next = await historyLength(source.gitDir, tip);
    if (next === length) throw notDescendant(served, tip, 'not in its history');
    length = next;
  }
  return bytes;
}

function notDescendant(served: string, tip: string, where: string): SyncFailure {
  return new SyncFailure(
    'not-descendant',
    `Unexpected commit ${tip.slice(0, 12)} that does not descend from the served ${served.slice(0, 12)} (${where}), expected a descendant`,
    {
      revision: tip,
      hint: 'the deploy branch was rewritten (force-push?); to go back, publish `galley rollback`, which adds a new commit',
    },
  );
}
