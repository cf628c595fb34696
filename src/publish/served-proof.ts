import type { Config } from '../config/schema.ts';
import { manifestSchema, serializeManifest, sha256, type Manifest, type ManifestFile } from '../output/manifest.ts';
import { ExitCode, GalleyError } from '../report/galley-error.ts';
import { httpGet, unreachableReason, type HttpAnswer } from './http-get.ts';
import type { ServedEvidence } from './release-evidence.ts';

/** Where the served manifest is read (deploy/nginx/nginx.conf serves `.galley/manifest.json` there). */
export const SERVED_MANIFEST = '/.well-known/galley/manifest.json';
/** The header nginx names each answer's release with (the deploy commit `current` resolves to). */
export const REVISION_HEADER = 'x-galley-revision';
/** The header nginx names the replica that answered with (`$hostname`: the pod's name). */
export const REPLICA_HEADER = 'x-galley-replica';

export interface ProofTarget {
  /** The readers' address, without a trailing slash. */
  url: string;
  timeoutMs: number;
  /** Answers in a row that must come from the pushed release (covers replicas behind one address). */
  consecutive: number;
  /** Sidecar health servers (`http://pod:9090`); each that answers must name the pushed revision. */
  sidecars: string[];
  progress?: (line: string) => void;
  /**
   * Asks the sidecars to sync now (request-sync.ts): while the address lags, at most every second,
   * naming the replica that answered with the old release when nginx said which one it was.
   */
  nudge?: (commit: string, lagging?: string) => Promise<void>;
}

/** `--confirm-url`, else `publish.confirm.url`, else `site.baseUrl`; timeout three sync intervals plus 30 s. */
export function proofTarget(config: Config, options: { url?: string; timeoutSeconds?: number; progress?: (line: string) => void } = {}): ProofTarget {
  const { confirm } = config.publish;
  const seconds = options.timeoutSeconds ?? confirm.timeout ?? 3 * confirm.syncInterval + 30;
  return {
    url: (options.url ?? confirm.url ?? config.site.baseUrl).replace(/\/+$/, ''),
    timeoutMs: seconds * 1000,
    // One answer proves one pod. With several behind a balancer that picks at random, 8 per pod in a
    // row leave a held-back one unseen with probability (1 - 1/n)^(8n) < 0.0004; round-robin needs n.
    consecutive: confirm.replicas === 1 ? 1 : 8 * confirm.replicas,
    sidecars: confirm.sidecars.map((s) => s.replace(/\/+$/, '')),
    progress: options.progress,
  };
}

/** What one answer of the manifest URL said, in words for the report. */
interface Seen {
  ok: boolean;
  said: string;
  /** Replica names the answers carried. */
  replicas?: Set<string>;
  /** The replica that answered with something else than the pushed release, where it was named. */
  lagging?: string;
}

const short = (commit: string) => commit.slice(0, 7);

/**
 * Wait until `target.url` serves `commit` (its manifest, from that release, on enough answers in a
 * row, and every reachable sidecar names it), then fetch every file of the manifest there and
 * compare its sha256. Throws exit 3 with what it saw: the previous revision, the sidecars'
 * answers, unreachable, or the files whose bytes differ. Returns what it saw, for the tag.
 */
export async function proveServed(target: ProofTarget, commit: string, manifest: Manifest): Promise<ServedEvidence> {
  const started = Date.now();
  const expected = serializeManifest(manifest);
  let lastSeen = 'nothing yet';
  let lastProgress = -Infinity;
  let lastNudge = -Infinity;
  for (;;) {
    const elapsed = Date.now() - started;
    if (elapsed - lastProgress >= 2000) {
      lastProgress = elapsed;
      target.progress?.(`waiting for ${target.url} to serve ${short(commit)} (${Math.round(elapsed / 1000)} s of ${Math.round(target.timeoutMs / 1000)} s)`);
    }
    const streak = await answersInARow(target, commit, expected);
    // Behind a balancer one request reaches one pod: ask again while some still lag.
    if (!streak.ok && target.nudge && elapsed - lastNudge >= 1000) {
      lastNudge = elapsed;
      await target.nudge(commit, streak.lagging);
    }
    if (streak.ok) {
      const sidecars = await sidecarAnswers(target.sidecars, commit);
      if (sidecars.every((s) => s.ok)) {
        const files = await checkFiles(target.url, commit, manifest.files);
        if (files.ok) {
          const replicas = [...(streak.replicas ?? [])].sort();
          return { url: target.url, answersInARow: target.consecutive, filesChecked: manifest.files.length, replicas };
        }
        if (files.mismatches.length > 0) throw mismatch(target.url, commit, files.mismatches);
        lastSeen = files.said;
      } else lastSeen = sidecars.filter((s) => !s.ok).map((s) => s.said).join('; ');
    } else lastSeen = streak.said;
    if (Date.now() - started >= target.timeoutMs) throw await notServed(target, commit, lastSeen);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function answersInARow(target: ProofTarget, commit: string, expected: string): Promise<Seen> {
  const replicas = new Set<string>();
  for (let i = 0; i < target.consecutive; i++) {
    const seen = await readServed(target.url, commit, expected);
    if (!seen.ok) return i === 0 ? seen : { ...seen, said: `${seen.said} (after ${i} answer(s) from it)` };
    for (const name of seen.replicas ?? []) replicas.add(name);
  }
  return { ok: true, said: `${short(commit)}`, replicas };
}

/** One answer of the address's manifest URL: the release it names, the manifest, or why there is none. */
export interface ServedRelease {
  /** From the X-Galley-Revision header (nginx); undefined where the server does not send it. */
  revision?: string;
  /** From the X-Galley-Replica header: which replica answered. */
  replica?: string;
  manifest?: Manifest;
  /** `unreachable (ECONNREFUSED)`, `HTTP 404 for …`, `no valid manifest`. */
  problem?: string;
}

export async function readServedRelease(url: string): Promise<ServedRelease> {
  let answer: HttpAnswer;
  try {
    answer = await httpGet(`${url}${SERVED_MANIFEST}`);
  } catch (error) {
    return { problem: `unreachable (${unreachableReason(error)})` };
  }
  const header = (name: string): string | undefined => {
    const value = answer.headers[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const named = { revision: header(REVISION_HEADER), replica: header(REPLICA_HEADER) };
  if (answer.status !== 200) return { ...named, problem: `HTTP ${answer.status} for ${SERVED_MANIFEST}` };
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(answer.body.toString('utf8')));
    if (parsed.success) return { ...named, manifest: parsed.data };
  } catch {
    // reported below
  }
  return { ...named, problem: `no valid manifest at ${SERVED_MANIFEST}` };
}

async function readServed(url: string, commit: string, expected: string): Promise<Seen> {
  const served = await readServedRelease(url);
  const lagging = served.replica;
  if (served.revision !== undefined && served.revision !== commit) return { ok: false, lagging, said: `still serving the previous revision ${short(served.revision)}` };
  if (!served.manifest) return { ok: false, lagging, said: served.problem! };
  if (serializeManifest(served.manifest) === expected) return { ok: true, said: short(commit), replicas: new Set(served.replica ? [served.replica] : []) };
  const m = served.manifest;
  return { ok: false, lagging, said: `still serving the previous release (built from ${m.sourceCommit?.slice(0, 12) ?? 'no commit'} at ${m.buildTime})` };
}

export interface SidecarHealth {
  url: string;
  /** HTTP status of /healthz; undefined when it could not be reached. */
  status?: number;
  revision?: string | null;
  said: string;
}

/** Each sidecar's /healthz: its status and the revision it serves, or why it did not answer. */
export async function readSidecars(sidecars: string[]): Promise<SidecarHealth[]> {
  return Promise.all(
    sidecars.map(async (base): Promise<SidecarHealth> => {
      const url = `${base}/healthz`;
      try {
        const answer = await httpGet(url);
        const body = answer.body.toString('utf8').trim();
        const revision = (JSON.parse(body) as { revision?: string | null }).revision;
        return { url, status: answer.status, revision, said: `${url} answered ${answer.status} ${body}` };
      } catch (error) {
        return { url, said: `${url} unreachable (${unreachableReason(error)})` };
      }
    }),
  );
}

async function sidecarAnswers(sidecars: string[], commit: string): Promise<Seen[]> {
  // Where a pod's sidecar cannot be reached, the answers through the address stand for it.
  return (await readSidecars(sidecars)).map((s) => ({ ok: s.status === undefined || s.revision === commit, said: s.said }));
}

interface FileCheck {
  ok: boolean;
  said: string;
  mismatches: string[];
}

/** Every manifest file through the address; an answer from another release means "not yet". */
async function checkFiles(url: string, commit: string, files: ManifestFile[]): Promise<FileCheck> {
  const mismatches: string[] = [];
  let other: string | undefined;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length && other === undefined) {
      const file = files[next++]!;
      const at = `${url}/${file.path.split('/').map(encodeURIComponent).join('/')}`;
      let answer: HttpAnswer;
      try {
        answer = await httpGet(at);
      } catch (error) {
        other = `unreachable (${unreachableReason(error)}) for ${file.path}`;
        return;
      }
      const revision = answer.headers[REVISION_HEADER];
      if (typeof revision === 'string' && revision !== '' && revision !== commit) {
        other = `still serving the previous revision ${short(revision)} (for ${file.path})`;
        return;
      }
      // The 404 page is internal in nginx: served only as the answer to a missing page.
      const statuses = file.path === '404.html' ? [200, 404] : [200];
      if (!statuses.includes(answer.status)) mismatches.push(`\`${file.path}\`: HTTP ${answer.status} at ${at}, expected 200`);
      else if (sha256(answer.body) !== file.sha256) {
        mismatches.push(`\`${file.path}\`: sha256 ${sha256(answer.body).slice(0, 12)}… (${answer.body.length} bytes) at ${at}, expected ${file.sha256.slice(0, 12)}… (${file.size} bytes)`);
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  if (other !== undefined) return { ok: false, said: other, mismatches: [] };
  return { ok: mismatches.length === 0, said: '', mismatches };
}

function mismatch(url: string, commit: string, mismatches: string[]): GalleyError {
  return new GalleyError(
    `Unexpected ${mismatches.length} file(s) served by ${url} not as published in ${short(commit)}: ${mismatches.slice(0, 5).join('; ')}${mismatches.length > 5 ? `; and ${mismatches.length - 5} more` : ''}`,
    {
      exitCode: ExitCode.io,
      ruleId: 'publish-served-mismatch',
      hint: 'Nothing was tagged known-good. Something between the release and the reader changes bytes (a file altered on the volume, a proxy or CDN rewriting); fix it and re-run `galley publish`.',
    },
  );
}

async function notServed(target: ProofTarget, commit: string, seen: string): Promise<GalleyError> {
  const health = target.sidecars.length > 0 ? (await sidecarAnswers(target.sidecars, commit)).map((s) => s.said).join('; ') : 'no sidecar health URL configured (publish.confirm.sidecars)';
  return new GalleyError(`Unexpected ${target.url} not serving ${short(commit)} after ${Math.round(target.timeoutMs / 1000)} s (${seen}), expected the pushed revision`, {
    exitCode: ExitCode.io,
    ruleId: 'publish-not-served',
    hint: `Nothing was tagged known-good; the commit is pushed and the next publish tags it once it is served. Sidecars: ${health}. Check the sync sidecar's log, or \`--confirm-url\` if readers use another address.`,
  });
}
