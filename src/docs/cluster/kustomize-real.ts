import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { kustomizeFailure, kustomizeSync } from '../../kustomize/run-kustomize.ts';
import { isObj, kindOf, list, metaName, type Obj } from './fields.ts';
import type { RepoDoc, RepoFiles } from './repo-files.ts';

/**
 * Kustomization fields the hand-written build does not implement. A directory whose
 * kustomization uses one is built by the real kustomize (`kubectl kustomize`, the v5 that Flux
 * embeds), with the overlay Flux writes into it, as flux-local does.
 */
export const REAL_KUSTOMIZE_FIELDS = ['replacements', 'vars', 'namePrefix', 'nameSuffix', 'configMapGenerator'];

const ORIGIN = 'config.kubernetes.io/origin';

/** A kustomize resource that kustomize would fetch over the network. */
export const REMOTE_RESOURCE = /^[a-z]+:\/\/|^github\.com\/|^git@/;

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** The kustomization file of a directory, if it has one. */
export function kustomizationFile(files: RepoFiles, dir: string): string | undefined {
  return KUSTOMIZATION_FILES.map((f) => path.join(dir, f)).find((f) => files.isFile(f));
}

/** Whether building `dir` would reach a remote resource (the real kustomize is then not run: it would fetch it). */
function reachesRemote(files: RepoFiles, dir: string, seen = new Set<string>()): boolean {
  if (seen.has(dir)) return false;
  seen.add(dir);
  const kfile = kustomizationFile(files, dir);
  if (!kfile) return false;
  const kustomization = files.documents(kfile)[0]?.value ?? {};
  return [...list(kustomization, 'resources'), ...list(kustomization, 'bases'), ...list(kustomization, 'components')].some((entry) =>
    typeof entry === 'string' && (REMOTE_RESOURCE.test(entry) || (files.isDir(path.resolve(dir, entry)) && reachesRemote(files, path.resolve(dir, entry), seen))));
}

/** What Flux adds to the directory's kustomization (kustomize-controller's generator). */
export interface FluxOverlay {
  namespace?: string | undefined;
  components?: string[];
  patches?: unknown[];
}

/**
 * A scratch view of the repository that overlays are written into; the repository is never
 * touched. Only the directories on the way to a built kustomization are real, every other entry
 * is a symlink into the repository: kustomize joins paths lexically, so `../base` from the built
 * directory still names the repository's base, and its origin paths stay those of the repository.
 * (A whole copy of the repository per cluster was half of the chapter's own CPU time on the corpus.)
 */
export class Scratch {
  private view: string | undefined;
  /** Repository-relative directories made real in the view. */
  private readonly real = new Set<string>();
  /** Builds already made, by directory and overlay: clusters that share a base build it once (d2-fleet: 6 builds, 3 distinct). */
  readonly builds = new Map<string, { docs: RepoDoc[]; reached: string[] } | undefined>();

  constructor(private readonly files: RepoFiles) {}

  /** The writable stand-in of a repository file: the directories above it real, the file a copy. */
  path(abs: string): string {
    this.view ??= path.join(mkdtempSync(path.join(os.tmpdir(), 'galley-kustomize-')), 'repo');
    const rel = this.files.rel(abs);
    let dir = '.';
    this.materialize(dir);
    for (const part of path.posix.dirname(rel).split('/').filter((p) => p !== '.')) this.materialize((dir = path.posix.join(dir, part)));
    const copy = path.join(this.view, rel);
    rmSync(copy, { force: true });
    copyFileSync(abs, copy);
    return copy;
  }

  /** Make a directory of the view real, its entries symlinks into the repository (replacing the parent's symlink to it). */
  private materialize(rel: string): void {
    if (this.real.has(rel)) return;
    const at = path.join(this.view!, rel);
    rmSync(at, { force: true });
    mkdirSync(at);
    for (const name of readdirSync(this.files.abs(rel))) symlinkSync(path.join(this.files.abs(rel), name), path.join(at, name));
    this.real.add(rel);
  }

  /** A message with the view's paths made repository-relative. */
  unscratched(text: string): string {
    return this.view ? text.replaceAll(`${this.view}${path.sep}`, '') : text;
  }

  dispose(): void {
    if (this.view) rmSync(path.dirname(this.view), { recursive: true, force: true });
    this.view = undefined;
    this.real.clear();
    this.builds.clear();
  }
}

/** Whether the directory's build needs the real kustomize (and may have it: nothing remote, not a Component). */
export function needsRealKustomize(files: RepoFiles, dir: string, kustomization: Obj): boolean {
  return kindOf(kustomization) !== 'Component' && REAL_KUSTOMIZE_FIELDS.some((field) => kustomization[field] !== undefined) && !reachesRemote(files, dir);
}

/**
 * `kustomize build` of `dir` (with `kfile` its kustomization file) by the real kustomize, after
 * writing Flux's overlay into the copy; each object keeps the file it came from (kustomize's
 * origin annotation, then removed). Undefined when kustomize is missing or fails (reported).
 */
export function realBuild(files: RepoFiles, scratch: Scratch, dir: string, kfile: string, overlay: FluxOverlay, reached: Set<string>): RepoDoc[] | undefined {
  const key = `${files.rel(dir)}\0${JSON.stringify(overlay)}`;
  if (!scratch.builds.has(key)) scratch.builds.set(key, buildOnce(files, scratch, dir, kfile, overlay));
  const built = scratch.builds.get(key);
  if (!built) return undefined;
  for (const file of built.reached) reached.add(file);
  // Callers substitute and patch what they get: each one gets its own objects.
  return structuredClone(built.docs);
}

function buildOnce(files: RepoFiles, scratch: Scratch, dir: string, kfile: string, overlay: FluxOverlay): { docs: RepoDoc[]; reached: string[] } | undefined {
  const copy = scratch.path(kfile);
  const original = readFileSync(copy, 'utf8');
  const kustomization = (parse(original) ?? {}) as Obj;
  if (overlay.namespace) kustomization.namespace = overlay.namespace;
  if (overlay.components?.length) kustomization.components = [...list(kustomization, 'components'), ...overlay.components];
  if (overlay.patches?.length) kustomization.patches = [...list(kustomization, 'patches'), ...overlay.patches];
  kustomization.buildMetadata = [...new Set([...list(kustomization, 'buildMetadata'), 'originAnnotations'])];
  writeFileSync(copy, stringify(kustomization));
  let output: string;
  try {
    output = kustomizeSync('kubectl', path.dirname(copy), { unrestricted: true });
  } catch (error) {
    const reason = scratch.unscratched(kustomizeFailure(error));
    files.report(files.rel(kfile), `Unexpected failure of \`kubectl kustomize\` (${reason}), expected the build Flux makes of ${files.rel(dir)}`, {
      ruleId: 'docs-kustomize-real', line: 1,
      hint: `its ${REAL_KUSTOMIZE_FIELDS.filter((f) => kustomization[f] !== undefined).join(', ')} need the real kustomize: install kubectl (v1.27 or later); the chapter falls back to its own build, without them`,
    });
    return undefined;
  } finally {
    writeFileSync(copy, original);
  }
  const out: RepoDoc[] = [];
  const reached = new Set<string>();
  for (const doc of parseAllDocuments(output)) {
    const value: unknown = doc.toJS({ maxAliasCount: -1 });
    if (!isObj(value) || value.sops !== undefined) continue;
    const from = originOf(value);
    const abs = from ? path.resolve(dir, from) : kfile;
    reached.add(files.rel(abs));
    out.push({ value, file: files.rel(abs), line: lineOf(files, abs, value) });
  }
  return { docs: out, reached: [...reached] };
}

/** The origin annotation's path, removed from the object (it is not part of what Flux applies). */
function originOf(value: Obj): string | undefined {
  const metadata = isObj(value.metadata) ? value.metadata : undefined;
  const annotations = metadata && isObj(metadata.annotations) ? metadata.annotations : undefined;
  const origin = annotations?.[ORIGIN];
  if (!annotations || typeof origin !== 'string') return undefined;
  delete annotations[ORIGIN];
  if (Object.keys(annotations).length === 0) delete metadata!.annotations;
  const parsed = parse(origin) as unknown;
  return isObj(parsed) && typeof parsed.path === 'string' ? parsed.path : undefined;
}

/** The line of the document of that kind and name in its file, else the file's first document. */
function lineOf(files: RepoFiles, abs: string, value: Obj): number {
  if (!files.isFile(abs)) return 1;
  const docs = files.documents(abs);
  const match = docs.find((d) => kindOf(d.value) === kindOf(value) && metaName(d.value) === metaName(value)) ?? docs.find((d) => kindOf(d.value) === kindOf(value));
  return match?.line ?? docs[0]?.line ?? 1;
}
