import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import os from 'node:os';
import type { Element } from 'hast';
import { parseAllDocuments } from 'yaml';
import { skipUnlessCi } from '../helpers/needs-tool.ts';
import { runCli } from '../helpers/run-cli.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { gitCheckout, readTree } from './corpus-helpers.ts';
import { elements, hasClass, readPage, resolveHref, rows, text } from './book-helpers.ts';

const projectRoot = path.resolve(import.meta.dirname, '../..');
const traps = path.resolve(projectRoot, 'test/fixtures/docs/traps');
const fleetDir = path.resolve(projectRoot, 'test/fixtures/fleet');
const env = { ...process.env, SOURCE_DATE_EPOCH: '1700000000' };

/** The links of a SUMMARY.md in order, read with a regex: independent of the book's own parser. */
function summaryLinks(markdown: string, prefix = ''): string[] {
  return [...markdown.matchAll(/\]\(([^)]+\.md)\)/g)].map((m) => path.posix.join(prefix, m[1]!.replace(/\.md$/, '.html')));
}

describe('docs book structure', () => {
  let out: string;
  let order: string[];
  let sha: string;

  let dir: string;
  // The book is built once for the whole suite; `tempDir()` would clean up when the hook ends.
  after(() => rm(dir, { recursive: true, force: true }));
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'galley-test-'));
    const repo = path.join(dir, 'gitops');
    sha = await gitCheckout(path.join(traps, 'two-clusters', 'repo'), repo);
    out = path.join(dir, 'book');
    const built = await runCli(['docs', '--cluster', repo, '--fleet', path.join(fleetDir, 'fleet.json'), '--out', out], projectRoot, env);
    assert.equal(built.code, 0, built.stderr);
    // The expected reading order from the inputs themselves: front page, hand-written, cluster, fleet.
    const md = path.join(dir, 'md');
    assert.equal((await runCli(['docs', '--markdown', '--cluster', repo, '--out', md], projectRoot, env)).code, 0);
    const fleet = JSON.parse(await readFile(path.join(fleetDir, 'fleet.json'), 'utf8')) as { hosts: { role: string }[] };
    order = [
      'index.html',
      ...summaryLinks(await readFile(path.join(projectRoot, 'docs/SUMMARY.md'), 'utf8')),
      ...summaryLinks(await readFile(path.join(md, 'SUMMARY.md'), 'utf8')),
      'fleet/index.html',
      ...fleet.hosts.map((h) => `fleet/${h.role.replace(/ /g, '-')}.html`),
    ];
  });

  it('lists every chapter in the sidebar in SUMMARY order, and marks the current page', async () => {
    for (const page of order) {
      const tree = await readPage(out, page);
      const sidebar = elements(tree, (el) => el.tagName === 'nav' && hasClass(el, 'book-sidebar'))[0]!;
      const links = elements(sidebar, (el) => el.tagName === 'li' && hasClass(el, 'chapter-item'))
        .map((li) => li.children[0])
        .filter((a): a is Element => a?.type === 'element' && a.tagName === 'a');
      assert.deepEqual(links.map((a) => resolveHref(page, String(a.properties.href))), order, `sidebar of ${page}`);
      const current = links.filter((a) => a.properties.ariaCurrent === 'page');
      assert.deepEqual(current.map((a) => resolveHref(page, String(a.properties.href))), [page], `current page of ${page}`);
    }
  });

  it('chains previous/next through every page exactly once, both ways', async () => {
    const follow = async (start: string, rel: string): Promise<string[]> => {
      const seen = [start];
      for (;;) {
        const tree = await readPage(out, seen.at(-1)!);
        const link = elements(tree, (el) => el.tagName === 'a' && String(el.properties.rel) === rel);
        assert.ok(link.length <= 1, `two ${rel} links on ${seen.at(-1)}`);
        if (link.length === 0) return seen;
        const target = resolveHref(seen.at(-1)!, String(link[0]!.properties.href));
        assert.ok(!seen.includes(target), `${target} visited twice`);
        seen.push(target);
      }
    };
    assert.deepEqual(await follow(order[0]!, 'next'), order);
    assert.deepEqual(await follow(order.at(-1)!, 'prev'), [...order].reverse());
  });

  it('puts every chapter on the print page, in order, with unique ids', async () => {
    const tree = await readPage(out, 'print.html');
    const sections = elements(tree, (el) => el.tagName === 'section' && hasClass(el, 'print-chapter'));
    assert.equal(sections.length, order.length);
    for (const [i, page] of order.entries()) {
      const h1 = elements(await readPage(out, page), (el) => el.tagName === 'h1')[0]!;
      assert.equal(text(elements(sections[i]!, (el) => el.tagName === 'h1')[0]!), text(h1), `chapter ${i + 1} on the print page`);
    }
    const ids = elements(tree, (el) => typeof el.properties.id === 'string').map((el) => String(el.properties.id));
    assert.equal(new Set(ids).size, ids.length, 'duplicate ids on the print page');
  });

  it('serves every page readable without JavaScript: content in the HTML, no inline script or style', async () => {
    for (const page of [...order, 'print.html']) {
      const tree = await readPage(out, page);
      const main = elements(tree, (el) => el.tagName === 'main')[0]!;
      assert.ok(text(main).trim().length > 40, `${page} has its content in the served HTML`);
      for (const script of elements(tree, (el) => el.tagName === 'script')) assert.ok(script.properties.src, `inline script on ${page}`);
      assert.equal(elements(tree, (el) => el.tagName === 'style' || el.properties.style !== undefined).length, 0, `inline style on ${page}`);
      const search = elements(tree, (el) => el.tagName === 'form' && hasClass(el, 'book-search'))[0]!;
      assert.equal(search.properties.hidden, true, 'search is hidden until the script shows it');
    }
  });

  it('indexes each chapter once for search, as the site is: Pagefind over the chapter, not the print page or the sidebar', async () => {
    const entry = JSON.parse(await readFile(path.join(out, 'pagefind/pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> };
    assert.deepEqual(Object.values(entry.languages).map((l) => l.page_count), [order.length]);
    for (const page of order) {
      const mains = elements(await readPage(out, page), (el) => el.properties.dataPagefindBody !== undefined);
      assert.deepEqual(mains.map((el) => el.tagName), ['main'], `${page}: the indexed region`);
    }
    assert.equal(elements(await readPage(out, 'print.html'), (el) => el.properties.dataPagefindBody !== undefined).length, 0, 'print.html repeats every chapter');
    assert.ok(!existsSync(path.join(out, 'searchindex.json')));
  });

  it('stamps every page with the GitOps branch and commit, and lists the inputs on the front page', async () => {
    for (const page of [...order, 'print.html']) {
      const footer = elements(await readPage(out, page), (el) => el.tagName === 'footer')[0]!;
      assert.match(text(footer), new RegExp(`generated from trunk @ ${sha}; 2023-11-14`), page);
    }
    const front = rows(await readPage(out, 'index.html'));
    assert.ok(front.includes(`GitOps repository gitops | 2 clusters | trunk @ ${sha}`), front.join('\n'));
    assert.ok(front.some((r) => /^Fleet projection \| 2 hosts in 2 roles \| sha256 [0-9a-f]{12}$/.test(r)), front.join('\n'));
  });

  it('lists a long page\'s sections under its title, each link landing on its heading; short pages have none', async () => {
    const page = await readPage(out, 'fleet/studio-workstation.html');
    const toc = elements(page, (el) => el.tagName === 'nav' && hasClass(el, 'page-toc'))[0]!;
    const main = elements(page, (el) => el.tagName === 'main')[0]!;
    const headings = elements(main, (el) => el.tagName === 'h2').map((el) => `#${String(el.properties.id)}`);
    assert.deepEqual(elements(toc, (el) => el.tagName === 'a').map((a) => String(a.properties.href)), headings);
    assert.ok(headings.length >= 4);
    assert.equal(elements(await readPage(out, 'index.html'), (el) => hasClass(el, 'page-toc')).length, 0);
  });

  it('draws each cluster\'s Flux dependency graph as SVG before its layer table: a box per Kustomization, an arrow per dependsOn', async () => {
    for (const cluster of ['red', 'blue']) {
      // Counted from the cluster's own files, independently of galley's walk.
      const docs = (await readdir(path.join(traps, 'two-clusters/repo/clusters', cluster))).map((f) => path.join(traps, 'two-clusters/repo/clusters', cluster, f));
      const flux = (await Promise.all(docs.map(async (f) => parseAllDocuments(await readFile(f, 'utf8')).map((d) => d.toJS() as { kind?: string; spec?: { dependsOn?: unknown[] } }))))
        .flat()
        .filter((d) => d.kind === 'Kustomization');
      const tree = await readPage(out, `cluster/${cluster}/index.html`);
      const figure = elements(tree, (el) => el.tagName === 'figure' && hasClass(el, 'diagram'))[0];
      assert.ok(figure, `cluster/${cluster}/index.html has no diagram`);
      const svg = elements(figure, (el) => el.tagName === 'svg')[0]!;
      assert.equal(svg.properties.role, 'img');
      assert.match(String(svg.properties.ariaLabel), /layer/);
      const boxes = elements(svg, (el) => el.tagName === 'g' && hasClass(el, 'node'));
      const arrows = elements(svg, (el) => el.tagName === 'g' && hasClass(el, 'edge'));
      assert.equal(boxes.length, flux.length, 'one box per Kustomization');
      assert.equal(arrows.length, flux.reduce((n, k) => n + (k.spec?.dependsOn?.length ?? 0), 0));
      assert.ok(elements(svg, (el) => 'style' in el.properties).length === 0, 'no style attribute: the CSP allows none');
      // The table stays as the text alternative: every box's name is in it.
      const table = elements(tree, (el) => el.tagName === 'table')[0]!;
      for (const box of boxes) assert.ok(text(table).includes(text(elements(box, (el) => el.tagName === 'text')[0]!)), 'every box is in the layer table');
    }
  });

  it('shows the fleet by role: packages, casks, scheduled jobs and options', async () => {
    const studioPage = await readPage(out, 'fleet/studio-workstation.html');
    assert.match(text(studioPage), /Homebrew formulae \(50\)/);
    assert.match(text(studioPage), /Homebrew casks \(8\)/);
    const studio = rows(studioPage);
    for (const row of ['org.nixos.nix-gc | launchd daemon | Sundays at 03:15', 'org.nixos.nix-optimise | launchd daemon | daily at 04:00', 'local.restic-backup | launchd agent, every user | every 6 h', 'security.pam.services.sudo_local.touchIdAuth | true']) {
      assert.ok(studio.includes(row), `${row} in\n${studio.join('\n')}`);
    }
    assert.ok(rows(await readPage(out, 'fleet/media-server.html')).includes('restic-backups-media.service | systemd service | on calendar *-*-* 02:30:00'));
  });
});

describe('galley docs (book)', () => {
  // A copy outside any git checkout (the fixture itself lies inside the project's).
  let repo: string;
  before(async () => {
    repo = path.join(await mkdtemp(path.join(os.tmpdir(), 'galley-test-')), 'gitops');
    await cp(path.join(traps, 'implicit-kustomization', 'repo'), repo, { recursive: true });
  });
  after(() => rm(path.dirname(repo), { recursive: true, force: true }));

  it('--check runs every gate and writes nothing', async () => {
    const dir = await tempDir();
    const result = await runCli(['docs', '--check', '--cluster', repo, '--fleet', path.join(fleetDir, 'mac-studio.json'), '--out', path.join(dir, 'book')], projectRoot, env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /nothing written/);
    assert.deepEqual(await readdir(dir), []);
  });

  it('is deterministic, and outside git says so unless --source-rev names the revision', async () => {
    const dir = await tempDir();
    for (const name of ['a', 'b']) await runCli(['docs', '--cluster', repo, '--fleet', path.join(fleetDir, 'nixos-server.json'), '--out', path.join(dir, name)], projectRoot, env);
    const a = await readTree(path.join(dir, 'a'));
    assert.deepEqual(a, await readTree(path.join(dir, 'b')));
    assert.match(a.get('index.html')!, /generated from no branch @ not a git checkout; 2023-11-14/);
    const c = path.join(dir, 'c');
    assert.equal((await runCli(['docs', '--cluster', repo, '--source-rev', 'main@D9078E4DD52174', '--out', c], projectRoot, env)).code, 0);
    assert.match((await readTree(c)).get('cluster/index.html')!, /generated from main @ d9078e4; 2023-11-14/);
    assert.equal((await runCli(['docs', '--cluster', repo, '--source-rev', 'not a rev', '--out', c], projectRoot, env)).code, 2);
  });

  it('writes a manifest so the book publishes like the site', async () => {
    const out = path.join(await tempDir(), 'book');
    assert.equal((await runCli(['docs', '--cluster', repo, '--out', out], projectRoot, env)).code, 0);
    const manifest = JSON.parse(await readFile(path.join(out, '.galley/manifest.json'), 'utf8')) as { files: { path: string }[] };
    assert.ok(manifest.files.some((f) => f.path === 'print.html'));
  });
});

describe('fleet.json validation', () => {
  const cases = path.join(fleetDir, 'invalid');
  for (const name of readdirSync(cases).sort()) {
    it(`${name}: exit 2 with file:line:col and the rule`, async () => {
      const expected = JSON.parse(await readFile(path.join(cases, name, 'expected.json'), 'utf8')) as { line: number; column: number; ruleId: string };
      const dir = await tempDir();
      const result = await runCli(['docs', '--fleet', path.join(cases, name, 'fleet.json'), '--out', path.join(dir, 'book')], projectRoot, env);
      assert.equal(result.code, 2, result.stderr);
      const at = `test/fixtures/fleet/invalid/${name}/fleet.json:${expected.line}:${expected.column}`;
      assert.match(result.stderr, new RegExp(`^${at.replace(/[.]/g, '\\.')} {2}error .* ${expected.ruleId}$`, 'm'));
      assert.match(result.stderr, /hint: /);
      assert.deepEqual(await readdir(dir), []);
    });
  }
});

describe('docs book leak gate', () => {
  const sshKeygen = ['/usr/bin/ssh-keygen', '/bin/ssh-keygen'].find((p) => existsSync(p));

  it('blocks a fleet.json carrying an address or an SSH public key, and prints neither', { skip: skipUnlessCi(!sshKeygen && 'ssh-keygen is not installed') }, async () => {
    const dir = await tempDir();
    execFileSync(sshKeygen!, ['-q', '-t', 'ed25519', '-N', '', '-C', '', '-f', path.join(dir, 'key')]);
    const publicKey = (await readFile(path.join(dir, 'key.pub'), 'utf8')).trim();
    const octet = () => 1 + Math.floor(Math.random() * 250);
    const address = `10.${octet()}.${octet()}.${octet()}`;
    const fleet = JSON.parse(await readFile(path.join(fleetDir, 'nixos-server.json'), 'utf8'));
    fleet.hosts[0].options['services.nfs.server.exports'] = `/srv ${address}(rw)`;
    fleet.hosts[0].services.push({ kind: 'systemd-service', label: publicKey });
    await writeFile(path.join(dir, 'fleet.json'), JSON.stringify(fleet, null, 2));
    const out = path.join(dir, 'book');
    await mkdir(out);
    await writeFile(path.join(out, 'previous.html'), 'the last good book\n');
    const result = await runCli(['docs', '--fleet', path.join(dir, 'fleet.json'), '--out', out], projectRoot, env);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /leak-private-address/);
    assert.match(result.stderr, /leak-ssh-public-key/);
    assert.ok(!result.stderr.includes(address), 'the address was printed');
    assert.ok(!result.stderr.includes(publicKey.split(' ')[1]!), 'the key was printed');
    assert.deepEqual(await readdir(out), ['previous.html'], 'the previous book was replaced');
  });
});
