import { simpleGit } from 'simple-git';

/** Where a docs page came from: `generated from <branch> @ <shortsha>; <UTC date>` (design §8). */
export interface Provenance {
  branch: string;
  shortSha: string;
  /** `YYYY-MM-DD`, UTC. */
  date: string;
}

/**
 * Read branch and commit of the GitOps tree. The date is SOURCE_DATE_EPOCH when set (so the same
 * input gives the same bytes), else the commit's date, else today; outside git the branch and
 * commit say so instead of failing.
 */
export async function readProvenance(dir: string, env: NodeJS.ProcessEnv): Promise<Provenance> {
  let branch = 'no branch';
  let shortSha = 'not a git checkout';
  let commitDate: string | undefined;
  try {
    const git = simpleGit({ baseDir: dir });
    if (await git.checkIsRepo()) {
      branch = (await git.revparse(['--abbrev-ref', 'HEAD'])).trim();
      shortSha = (await git.revparse(['--short', 'HEAD'])).trim();
      commitDate = (await git.raw(['log', '-1', '--format=%cI'])).trim();
    }
  } catch {
    // A tree without commits or without git still gets its chapter.
  }
  const epoch = env.SOURCE_DATE_EPOCH;
  const when = epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : commitDate ? new Date(commitDate) : new Date();
  return { branch, shortSha, date: when.toISOString().slice(0, 10) };
}

export function provenanceLine(p: Provenance): string {
  return `generated from ${p.branch} @ ${p.shortSha}; ${p.date}`;
}
