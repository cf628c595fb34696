// Deploy repositories for the sync tests: real git, commits signed with real ssh-keygen keys,
// site trees with a manifest, as `galley build` and `galley publish` will produce them.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { MANIFEST_PATH, serializeManifest, sha256 } from '../../src/output/manifest.ts';

const exec = promisify(execFile);
const gitEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', LC_ALL: 'C' };

export async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await exec('git', ['-c', 'user.name=Publisher', '-c', 'user.email=publish@example.org', ...args], {
    cwd,
    env: gitEnv,
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout.trim();
}

export interface Keys {
  signing: string;
  stranger: string;
  allowedSigners: string;
}

/** A signing key listed in allowed_signers and a stranger's key that is not. */
export async function makeKeys(dir: string): Promise<Keys> {
  await mkdir(dir, { recursive: true });
  const key = async (name: string): Promise<string> => {
    const file = path.join(dir, name);
    await exec('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', file]);
    return file;
  };
  const signing = await key('signing');
  const stranger = await key('stranger');
  const allowedSigners = path.join(dir, 'allowed_signers');
  await writeFile(allowedSigners, `galley-publish namespaces="git,galley-sync" ${(await readFile(`${signing}.pub`, 'utf8')).trim()}\n`);
  return { signing, stranger, allowedSigners };
}

export type SiteFiles = Record<string, string | Buffer>;

/**
 * A rendered site at `version`: pages name their version and link a stylesheet whose hashed name
 * and content carry it too, so a reader can tell a page/asset mix. Manifest included.
 */
export function siteFiles(version: string, options: { pages?: number; padding?: number; randomBytes?: number } = {}): SiteFiles {
  const css = `/* ${version} */\nbody { font-family: serif; }\n.version::after { content: "${version}"; }\n`;
  const cssName = `assets/style.${sha256(css).slice(0, 8)}.css`;
  const page = (title: string): string =>
    `<!doctype html><html lang="en" data-version="${version}"><head><meta charset="utf-8"><title>${title}</title>` +
    `<link rel="stylesheet" href="/${cssName}"></head><body><h1>${title}</h1><p class="version">${version}</p>` +
    `${'<p>filler</p>'.repeat(options.padding ?? 0)}</body></html>\n`;
  const files: SiteFiles = {
    'index.html': page('Home'),
    'about.html': page('About'),
    '404.html': page('Not found'),
    [cssName]: css,
    'robots.txt': 'User-agent: *\nAllow: /\n',
  };
  for (let i = 0; i < (options.pages ?? 3); i++) files[`entries/entry-${i}/index.html`] = page(`Entry ${i}`);
  if (options.randomBytes) {
    // Incompressible, so the transfer is at least this large.
    const blob = randomBytes(options.randomBytes);
    files[`assets/noise.${sha256(blob).slice(0, 8)}.bin`] = blob;
  }
  return withManifest(files);
}

export function withManifest(files: SiteFiles): SiteFiles {
  const entries = Object.entries(files)
    .filter(([p]) => p !== MANIFEST_PATH)
    .map(([p, content]) => ({ path: p, sha256: sha256(content), size: Buffer.byteLength(content) }))
    .sort((a, b) => (a.path < b.path ? -1 : 1));
  const manifest = serializeManifest({
    manifestVersion: 1,
    generator: { name: 'galley', version: '0.1.0' },
    sourceCommit: null,
    buildTime: '2026-11-21T00:00:00.000Z',
    files: entries,
  });
  return { ...files, [MANIFEST_PATH]: manifest };
}

/** A bare deploy repository and a working clone that publishes into it. */
export class DeployRepo {
  private constructor(
    readonly bare: string,
    readonly work: string,
  ) {}

  static async create(dir: string): Promise<DeployRepo> {
    const bare = path.join(dir, 'deploy.git');
    const work = path.join(dir, 'publisher');
    await exec('git', ['init', '--quiet', '--bare', '-b', 'main', bare], { env: gitEnv });
    await exec('git', ['init', '--quiet', '-b', 'main', work], { env: gitEnv });
    await git(work, ['remote', 'add', 'origin', bare]);
    return new DeployRepo(bare, work);
  }

  get url(): string {
    return `file://${this.bare}`;
  }

  /** Replace the tree with `files`, commit (signed with `signWith` unless null) and push. */
  async publish(files: SiteFiles, options: { signWith: string | null; orphan?: boolean; force?: boolean; message?: string }): Promise<string> {
    if (options.orphan) await git(this.work, ['checkout', '--quiet', '--orphan', `orphan-${Date.now()}`]);
    for (const name of await readdir(this.work)) if (name !== '.git') await rm(path.join(this.work, name), { recursive: true, force: true });
    for (const [rel, content] of Object.entries(files)) {
      const file = path.join(this.work, rel);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, content);
    }
    await git(this.work, ['add', '--all']);
    const sign = options.signWith ? ['-c', 'gpg.format=ssh', '-c', `user.signingkey=${options.signWith}`, 'commit', '-S'] : ['commit'];
    await git(this.work, [...sign, '--quiet', '--allow-empty', '-m', options.message ?? 'publish']);
    await git(this.work, ['push', '--quiet', ...(options.force ? ['--force'] : []), 'origin', 'HEAD:refs/heads/main']);
    return git(this.work, ['rev-parse', 'HEAD']);
  }
}
