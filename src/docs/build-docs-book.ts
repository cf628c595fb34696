import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/schema.ts';
import { sha256 } from '../output/manifest.ts';
import { readProvenance as readBuildProvenance } from '../output/provenance.ts';
import { count } from '../report/count.ts';
import type { Finding } from '../report/finding.ts';
import { ExitCode, GalleyError } from '../report/galley-error.ts';
import { GENERATOR_VERSION } from '../version.ts';
import { bookAssets } from './book/book-assets.ts';
import { addGenerated, readHandWritten, type BookSources } from './book/book-sources.ts';
import { buildBook } from './book/build-book.ts';
import { frontPage, type BookInput } from './book/front-page.ts';
import type { ClusterInfo } from './cluster/model.ts';
import { evalFleet } from './fleet/eval-fleet.ts';
import { FLEET_COMMAND } from './fleet/fleet-command.ts';
import { readFleet } from './fleet/read-fleet.ts';
import { renderFleetChapter } from './fleet/render-fleet.ts';
import type { Fleet } from './fleet/schema.ts';
import { provenanceLine, readProvenance, type Provenance } from './provenance.ts';
import { renderClusterChapter } from './render-cluster.ts';

export interface DocsBookOptions {
  /** The project (site.config.ts, hand-written chapters under `config.docs.source`). */
  root: string;
  config: Config;
  /** The GitOps repository and the clusters read from it, when given. */
  repo: string | undefined;
  clusters: ClusterInfo[];
  /** `fleet.json` as given on the command line, when given. */
  fleetPath: string | undefined;
  /** `BRANCH@SHA` or `SHA`: the GitOps revision to print instead of what git says. */
  sourceRev: string | undefined;
  out: string;
  write: boolean;
  env: NodeJS.ProcessEnv;
}

export interface DocsBookResult {
  findings: Finding[];
  /** 0 written (or clean check), 1 gate findings, 2 unusable fleet.json. */
  exitCode: number;
  pages: number;
}

/** Everything the book is made of, read and stamped, then the book built and gated (design §8). */
export async function buildDocsBook(o: DocsBookOptions): Promise<DocsBookResult> {
  const base = o.repo ?? o.root;
  const revision = applySourceRev(await readProvenance(base, o.env), o.sourceRev);
  const stamp = provenanceLine(revision);
  const sources: BookSources = { summaries: [], chapters: new Map() };
  const inputs: BookInput[] = [];

  const fleet = o.fleetPath ? await loadFleet(o.fleetPath, o.root, o.config.docs.roles, o.env) : undefined;
  if (fleet && !fleet.fleet) return { findings: fleet.findings, exitCode: ExitCode.usage, pages: 0 };

  const own = await readProvenance(o.root, o.env);
  const handWritten = await readHandWritten(o.root, o.config.docs.source, sources);
  if (o.repo) {
    addGenerated(renderClusterChapter(o.clusters, revision, o.config.docs.sourceUrl), sources);
    inputs.push({ name: `GitOps repository ${path.basename(o.repo)}`, what: count(o.clusters.length, 'cluster'), revision: `${revision.branch} @ ${revision.shortSha}` });
  }
  if (fleet?.fleet) {
    addGenerated(renderFleetChapter(fleet.fleet, stamp), sources);
    // Not the file's name: people name it after a host.
    const roles = new Set(fleet.fleet.hosts.map((h) => h.role)).size;
    inputs.push({ name: 'Fleet projection', what: `${count(fleet.fleet.hosts.length, 'host')} in ${count(roles, 'role')}`, revision: `sha256 ${fleet.digest}` });
  }
  if (handWritten > 0) inputs.push({ name: `Hand-written chapters ${o.config.docs.source}/`, what: count(handWritten, 'chapter'), revision: `${own.branch} @ ${own.shortSha}` });
  inputs.push({ name: 'Generator', what: `galley ${GENERATOR_VERSION}`, revision: GENERATOR_VERSION });
  // The front page comes first; hand-written chapters were read before the generated ones.
  const front: BookSources = { summaries: [], chapters: new Map() };
  addGenerated(frontPage(o.config.docs.title, stamp, inputs, { cluster: o.repo !== undefined, fleet: fleet?.fleet !== undefined }), front);
  const summaries = [...front.summaries, ...sources.summaries];
  const chapters = new Map([...front.chapters, ...sources.chapters]);

  const built = await buildBook({
    title: o.config.docs.title, language: o.config.site.language, pagesPerIndex: o.config.search.pagesPerIndex, summaries, chapters, provenance: stamp,
    manifest: await manifestProvenance(base, o.env, o.sourceRev),
    assets: await bookAssets(o.root, o.config.paths.templates), out: o.out, root: o.root, write: o.write, allow: o.config.leak.allow,
  });
  return { findings: built.findings, exitCode: built.ok ? ExitCode.ok : ExitCode.findings, pages: built.pages };
}

/** `--fleet`: a fleet.json, or a flake's directory that fleet.nix is evaluated over here. */
async function loadFleet(file: string, cwd: string, roles: Record<string, string>, env: NodeJS.ProcessEnv): Promise<{ fleet?: Fleet; findings: Finding[]; digest: string }> {
  const display = path.relative(cwd, file).split(path.sep).join('/') || file;
  let text: string;
  try {
    if ((await stat(file)).isDirectory()) {
      const evaluated = await evalFleet(file, roles, env, display);
      if (evaluated.text === undefined) return { findings: evaluated.findings, digest: '' };
      text = evaluated.text;
    } else {
      text = await readFile(file, 'utf8');
    }
  } catch (error) {
    if (error instanceof GalleyError) throw error;
    throw new GalleyError(`Could not read the fleet projection (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
      exitCode: ExitCode.usage, ruleId: 'docs-usage', hint: `Pass \`--fleet\` the JSON that \`${FLEET_COMMAND}\` wrote.`, cause: error,
    });
  }
  return { ...readFleet(display, text), digest: sha256(text).slice(0, 12) };
}

/** `--source-rev BRANCH@SHA` (or `SHA`) replaces what git says, e.g. for a snapshot outside git. */
export function applySourceRev(p: Provenance, rev: string | undefined): Provenance {
  if (rev === undefined) return p;
  const match = /^(?:([^@\s]+)@)?([0-9a-f]{4,64})$/i.exec(rev.trim());
  if (!match) {
    throw new GalleyError(`Unexpected \`--source-rev ${rev}\`, expected BRANCH@SHA or SHA`, {
      exitCode: ExitCode.usage, ruleId: 'docs-usage', hint: 'e.g. `--source-rev main@d9078e4` for a snapshot of that commit',
    });
  }
  return { ...p, branch: match[1] ?? p.branch, shortSha: match[2]!.slice(0, 7).toLowerCase() };
}

/** The manifest names the GitOps commit (publish puts it in the deploy commit's message). */
async function manifestProvenance(dir: string, env: NodeJS.ProcessEnv, rev: string | undefined) {
  const build = await readBuildProvenance(dir, env);
  const sha = rev?.split('@').at(-1);
  return sha ? { ...build, sourceCommit: sha } : build;
}
