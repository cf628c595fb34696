import type { Config } from '../config/schema.ts';
import { GalleyError } from '../report/galley-error.ts';
import type { PublishContext } from './publish-context.ts';
import { releaseBranch, releaseBranchTip } from './push-release.ts';
import { readDeployRepo } from './read-deploy.ts';
import type { ReleaseEvidence } from './release-evidence.ts';
import { proofTarget, readServedRelease, readSidecars, type SidecarHealth } from './served-proof.ts';

/** `galley status`: the three places a release is, and whether they agree. */
export interface ReleaseStatus {
  deployed: { revision: string | null; since: string | null; error?: string };
  served: { revision: string | null; url: string; error?: string };
  /** The newest known-good tag and the evidence its message records. */
  knownGood: { tag: string | null; revision: string | null; since: string | null; evidence: ReleaseEvidence | null };
  /** `release/<target>`: the pointer to the newest proven state. */
  releaseBranch: { name: string; revision: string | null };
  sidecars: SidecarHealth[];
  /** Which of them differ, in words; empty when they agree. */
  differences: string[];
  /** A part could not be read (the deploy repository, the address). */
  unreachable: string[];
}

/**
 * Read the deploy branch (read key), the revision the address serves and the newest known-good
 * tag, plus each configured sidecar's health. Never throws for an unreachable part: it is named.
 */
export async function releaseStatus(ctx: PublishContext, config: Config, url?: string): Promise<ReleaseStatus> {
  const target = proofTarget(config, { url });
  const [view, served, sidecars] = await Promise.all([
    readDeployRepo(ctx).catch((error: GalleyError) => error),
    readServedRelease(target.url),
    readSidecars(target.sidecars),
  ]);
  const status: ReleaseStatus = {
    deployed: { revision: null, since: null },
    served: { revision: served.revision ?? null, url: target.url },
    knownGood: { tag: null, revision: null, since: null, evidence: null },
    releaseBranch: { name: releaseBranch(ctx.target), revision: null },
    sidecars,
    differences: [],
    unreachable: [],
  };
  if (served.problem) {
    status.served.error = served.problem;
    status.unreachable.push(`${target.url}: ${served.problem}`);
  }
  if (view instanceof Error) {
    status.deployed.error = view.message;
    status.unreachable.push(`${ctx.remote}: ${view.message}`);
    return status;
  }
  const when = async (rev: string, format: string) => (await view.git.raw(['log', '-1', `--format=${format}`, rev])).trim() || null;
  if (view.head) status.deployed = { revision: view.head, since: await when(view.head, '%cI') };
  const newest = view.releases[0];
  if (newest) {
    const tagged = (await view.git.raw(['for-each-ref', '--format=%(taggerdate:iso-strict)', `refs/tags/${newest.tag}`])).trim();
    status.knownGood = { tag: newest.tag, revision: newest.commit, since: tagged || null, evidence: newest.evidence ?? null };
  }
  status.releaseBranch.revision = (await releaseBranchTip(view.git, ctx)) ?? null;
  // Without nginx's revision header, the manifest tells which deployed release it is when it is the head's.
  if (!status.served.revision && served.manifest && view.head) {
    const headManifest = await view.git.raw(['show', `${view.head}:.galley/manifest.json`]).catch(() => '');
    if (headManifest && JSON.stringify(JSON.parse(headManifest)) === JSON.stringify(served.manifest)) status.served.revision = view.head;
  }
  const short = (rev: string | null) => rev?.slice(0, 12) ?? 'nothing';
  const { deployed, knownGood } = status;
  if (!served.problem && status.served.revision !== deployed.revision) {
    status.differences.push(`served ${short(status.served.revision)} is not the deployed ${short(deployed.revision)} (deployed since ${deployed.since ?? '?'}; the sidecar has not synced it, or refused it)`);
  }
  if (knownGood.revision !== deployed.revision) {
    status.differences.push(`the known-good ${knownGood.tag ?? '(none)'} is ${short(knownGood.revision)}${knownGood.since ? ` (tagged ${knownGood.since})` : ''}, not the deployed ${short(deployed.revision)} (since ${deployed.since ?? '?'}): it was not proven served yet`);
  }
  if (status.releaseBranch.revision !== knownGood.revision) {
    status.differences.push(`${status.releaseBranch.name} points at ${short(status.releaseBranch.revision)}, not the newest known-good ${short(knownGood.revision)}: the last tag's push did not move it`);
  }
  for (const s of sidecars) {
    if (s.status !== undefined && s.revision !== deployed.revision) status.differences.push(`${s.url} serves ${short(s.revision ?? null)}, not the deployed ${short(deployed.revision)}`);
  }
  return status;
}
