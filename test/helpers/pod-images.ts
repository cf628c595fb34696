import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { bundleSidecar } from '../../scripts/bundle-sidecar.ts';
import { projectRoot } from './fixture-project.ts';
import { POD_CACHE, podman, podmanResult } from './podman.ts';
import { tempDir } from './temp-dir.ts';

const exec = promisify(execFile);

/** The apt sources this machine already uses; the rootfs comes from the same mirror. */
const APT_SOURCES = '/etc/apt/sources.list.d/debian.sources';
export const SIDECAR_CONTAINERFILE = path.join(projectRoot, 'deploy/sidecar/Containerfile');
const FIXTURE_IMAGES = path.join(projectRoot, 'test/pod/fixtures/images');
const INPUTS_LABEL = 'galley.test.inputs';

/**
 * The image the project's Containerfile builds FROM, as it names it (an `ARG` default resolved),
 * and the build args that point it at the local stand-in: a digest resolves only to the very
 * image it hashes, so a digest-pinned base is given by name through its build arg.
 */
export async function containerfileBase(file = SIDECAR_CONTAINERFILE): Promise<{ name: string; buildArgs: string[] }> {
  const text = await readFile(file, 'utf8');
  const from = /^FROM\s+(\S+)/m.exec(text)?.[1];
  if (!from) throw new Error(`Unexpected ${file} without FROM, expected the sidecar's base image`);
  const arg = /^\$\{?(\w+)\}?$/.exec(from)?.[1];
  const reference = arg ? new RegExp(`^ARG\\s+${arg}=(\\S+)`, 'm').exec(text)?.[1] : from;
  if (!reference) throw new Error(`Unexpected FROM ${from} without a default for ${arg}, expected ARG ${arg}=IMAGE`);
  const [name, digest] = reference.split('@');
  return { name: name!, buildArgs: digest && arg ? ['--build-arg', `${arg}=${name}`] : [] };
}

export interface BuiltImages {
  /** The minbase image, which has `sleep` for the pod's network holder. */
  pauseImage: string;
  /** Seconds per step (a cached step takes only its check). */
  rootfs: number;
  baseImages: number;
  sidecar: number;
}

/**
 * The two images of the rendered Deployment, built where no registry is reachable: a Debian
 * bookworm minbase rootfs from the machine's apt mirror (cached as a tarball), Node 20 on it under
 * the Containerfile's FROM name, Debian's nginx on it, then the project's Containerfile, unmodified.
 */
export async function buildPodImages(images: { galley: string; nginx: string }): Promise<BuiltImages> {
  let started = Date.now();
  const minbase = await minbaseImage();
  const times: BuiltImages = { pauseImage: minbase, rootfs: 0, baseImages: 0, sidecar: 0 };
  times.rootfs = (Date.now() - started) / 1000;

  started = Date.now();
  const base = await containerfileBase();
  await derivedImage(base.name, 'node', minbase, `${process.execPath} ${process.version}`, async (ctx) => copyFile(process.execPath, path.join(ctx, 'node')));
  await derivedImage(images.nginx, 'nginx', minbase, '', async () => {});
  times.baseImages = (Date.now() - started) / 1000;

  started = Date.now();
  const ctx = await tempDir('galley-sidecar-ctx-');
  await bundleSidecar(path.join(ctx, 'dist/galley-sync.mjs'));
  await podman('build', '--pull=never', '-q', ...base.buildArgs, '-f', SIDECAR_CONTAINERFILE, '-t', images.galley, ctx);
  times.sidecar = (Date.now() - started) / 1000;
  return times;
}

/** `localhost/galley-test/bookworm-minbase:<hash of the apt sources>`, from the cached tarball. */
async function minbaseImage(): Promise<string> {
  const sources = await readFile(APT_SOURCES);
  const key = createHash('sha256').update('bookworm minbase\n').update(sources).digest('hex').slice(0, 12);
  const tag = `localhost/galley-test/bookworm-minbase:${key}`;
  if ((await podmanResult('image', 'exists', tag)).code === 0) return tag;
  const tarball = path.join(POD_CACHE, `bookworm-minbase-${key}.tar`);
  if (!existsSync(tarball)) {
    await mkdir(POD_CACHE, { recursive: true });
    await exec('mmdebstrap', ['--quiet', '--variant=minbase', '--format=tar', 'bookworm', `${tarball}.tmp`, APT_SOURCES], { maxBuffer: 16 * 1024 * 1024 });
    await rename(`${tarball}.tmp`, tarball);
  }
  await podman('import', '--quiet', tarball, tag);
  return tag;
}

/** Build test/pod/fixtures/images/<recipe> on `base` as `tag`, unless the same inputs built it already. */
async function derivedImage(tag: string, recipe: string, base: string, extra: string, fill: (ctx: string) => Promise<void>): Promise<void> {
  const containerfile = path.join(FIXTURE_IMAGES, recipe, 'Containerfile');
  const inputs = createHash('sha256').update(base).update(extra).update(await readFile(containerfile)).digest('hex').slice(0, 16);
  const have = await podmanResult('image', 'inspect', '--format', `{{index .Labels "${INPUTS_LABEL}"}}`, tag);
  if (have.code === 0 && have.stdout.trim() === inputs) return;
  const ctx = await tempDir(`galley-${recipe}-ctx-`);
  await fill(ctx);
  await podman('build', '--pull=never', '-q', '--build-arg', `BASE=${base}`, '--label', `${INPUTS_LABEL}=${inputs}`, '-f', containerfile, '-t', tag, ctx);
}
