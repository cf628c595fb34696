import { z } from 'zod';

/** What the served proof saw before a release was called known-good (served-proof.ts). */
export const servedEvidenceSchema = z.strictObject({
  /** The address the proof read. */
  url: z.string(),
  /** Answers of the manifest URL in a row that named the pushed release. */
  answersInARow: z.number().int().nonnegative(),
  /** Files fetched through the address whose sha256 matched the manifest. */
  filesChecked: z.number().int().nonnegative(),
  /** Replica names from the X-Galley-Replica header (nginx's `$hostname`: the pod), sorted. */
  replicas: z.array(z.string()),
});
export type ServedEvidence = z.infer<typeof servedEvidenceSchema>;

/** A known-good tag's message, parsed back: what was built, and how it was proven served. */
export const releaseEvidenceSchema = servedEvidenceSchema.extend({
  release: z.string(),
  /** The source repository's commit the site was built from; null when built outside git. */
  sourceCommit: z.string().nullable(),
  /** null where the manifest does not say (built before galley recorded it). */
  sourceDirty: z.boolean().nullable(),
  generator: z.string(),
  /** ISO 8601 UTC time the proof passed. */
  provenAt: z.string(),
});
export type ReleaseEvidence = z.infer<typeof releaseEvidenceSchema>;

// Trailer keys in git's `Key: value` manner, so `git tag -n99` and `git log` read them too.
const KEYS = {
  sourceCommit: 'Source-Commit',
  sourceDirty: 'Source-Dirty',
  generator: 'Generator',
  url: 'Served-By',
  answersInARow: 'Answers-In-A-Row',
  filesChecked: 'Files-Checked',
  replicas: 'Replicas-Seen',
  provenAt: 'Proven-At',
} as const;

/** The tag message: a subject naming the release, then one trailer per fact. */
export function formatEvidence(target: string, evidence: ReleaseEvidence): string {
  const replicas = evidence.replicas.length > 0 ? `${evidence.replicas.length} (${evidence.replicas.join(', ')})` : '0 (no X-Galley-Replica header)';
  const values: Record<keyof typeof KEYS, string> = {
    sourceCommit: evidence.sourceCommit ?? 'none (built outside git)',
    sourceDirty: evidence.sourceDirty === null ? 'unknown' : String(evidence.sourceDirty),
    generator: `galley ${evidence.generator}`,
    url: evidence.url,
    answersInARow: String(evidence.answersInARow),
    filesChecked: String(evidence.filesChecked),
    replicas,
    provenAt: evidence.provenAt,
  };
  const trailers = (Object.keys(KEYS) as (keyof typeof KEYS)[]).map((key) => `${KEYS[key]}: ${values[key]}`);
  return [`Known-good ${target} release ${evidence.release.slice(0, 12)}`, '', ...trailers, ''].join('\n');
}

/**
 * A tag message back to its evidence (the tag's signature block after it is ignored); undefined
 * for a tag made before tags carried evidence, or one whose trailers do not parse.
 */
export function parseEvidence(release: string, message: string): ReleaseEvidence | undefined {
  const trailers = new Map<string, string>();
  for (const line of message.split('\n')) {
    const match = /^([A-Za-z-]+): (.*)$/.exec(line);
    if (match) trailers.set(match[1]!, match[2]!);
  }
  const get = (key: keyof typeof KEYS): string | undefined => trailers.get(KEYS[key]);
  const dirty = get('sourceDirty');
  const commit = get('sourceCommit');
  const replicas = /^\d+ \((.*)\)$/.exec(get('replicas') ?? '')?.[1];
  const parsed = releaseEvidenceSchema.safeParse({
    release,
    sourceCommit: commit && /^[0-9a-f]{40,64}$/.test(commit) ? commit : commit === undefined ? undefined : null,
    sourceDirty: dirty === 'true' ? true : dirty === 'false' ? false : dirty === 'unknown' ? null : undefined,
    generator: get('generator')?.replace(/^galley /, ''),
    url: get('url'),
    answersInARow: Number(get('answersInARow') ?? NaN),
    filesChecked: Number(get('filesChecked') ?? NaN),
    replicas: replicas === undefined ? undefined : get('replicas')!.startsWith('0 ') ? [] : replicas.split(', '),
    provenAt: get('provenAt'),
  });
  return parsed.success ? parsed.data : undefined;
}

/** One line for `status` and `rollback`: `proven 2026-…Z at URL: 16 answers in a row, 42 files, 2 replicas`. */
export function describeEvidence(evidence: ReleaseEvidence | undefined): string {
  if (!evidence) return 'no evidence in the tag (tagged before tags carried it)';
  const source = evidence.sourceCommit ? `${evidence.sourceCommit.slice(0, 12)}${evidence.sourceDirty ? ' with uncommitted changes' : ''}` : 'no source commit';
  return `built from ${source} by galley ${evidence.generator}; proven ${evidence.provenAt} at ${evidence.url}: ${evidence.answersInARow} answer(s) in a row, ${evidence.filesChecked} files hash-checked, ${evidence.replicas.length} replica(s) seen`;
}
