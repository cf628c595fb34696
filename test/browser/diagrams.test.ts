import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { axeSource, describeViolations, seriousViolations } from '../helpers/axe.ts';
import { assertNoProblems, chromiumSkip, launchChromium, watchedPage } from '../helpers/browser.ts';
import { fixtureProject, projectRoot } from '../helpers/fixture-project.ts';
import { runCli } from '../helpers/run-cli.ts';
import { serveSite } from '../helpers/serve-site.ts';

// Diagrams drawn at build time, read the way readers get them: an entry with a Graphviz and a
// Mermaid diagram and a docs book cluster page with its Flux dependency graph, served by nginx
// under the site's CSP, at a desktop and a phone width, in light and dark.
const env = { ...process.env, SOURCE_DATE_EPOCH: '1790000000' };
const repo = path.join(projectRoot, 'test/fixtures/docs/traps/two-clusters/repo');

/** WCAG 2 contrast ratio of two computed `rgb(…)` colours; anything else (`none`) is 1. */
function contrast(a: string, b: string): number {
  const luminance = (color: string) => {
    const rgb = /^rgba?\((\d+), (\d+), (\d+)/.exec(color);
    if (!rgb) return undefined;
    const [r, g, bl] = rgb.slice(1, 4).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [la, lb] = [luminance(a), luminance(b)];
  if (la === undefined || lb === undefined) return 1;
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

describe('diagrams in Chromium', { skip: chromiumSkip ?? false }, () => {
  it('draw with no CSP violation, pass axe, fit the column and show their ink against the page, at 1280 and 390 px, light and dark', async (t) => {
    const dir = await fixtureProject(path.join(import.meta.dirname, 'fixtures/diagrams'));
    const served = path.join(dir, 'served');
    const site = await runCli(['build', '--out', served], dir, env);
    assert.equal(site.code, 0, site.stderr);
    const book = await runCli(['docs', '--cluster', repo, '--out', path.join(served, 'docs')], projectRoot, env);
    assert.equal(book.code, 0, book.stderr);
    const server = await serveSite(served);
    t.diagnostic(`served by ${server.server}`);
    const browser = await launchChromium();
    const pages = [
      { url: '/entries/case/', diagrams: 2 },
      { url: '/docs/cluster/blue/index.html', diagrams: 1 },
    ];
    for (const width of [1280, 390]) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const watched = await watchedPage(browser, { viewport: { width, height: 900 }, colorScheme });
        await watched.page.addInitScript({ content: axeSource });
        for (const { url, diagrams } of pages) {
          const what = `${url} at ${width} px, ${colorScheme}`;
          const violations = await seriousViolations(watched.page, server.url + url);
          assert.equal(violations.length, 0, `${what}:\n${describeViolations(violations)}`);
          const drawn = await watched.page.evaluate(() => {
            return [...document.querySelectorAll('.diagram-drawing svg')].map((svg) => {
              // The colour behind the drawing: the nearest ancestor that paints one, else the canvas's
              // white. (No named function in here: tsx would wrap it in a helper the page lacks.)
              let ground = 'rgb(255, 255, 255)';
              for (let el: Element | null = svg; el; el = el.parentElement) {
                const color = getComputedStyle(el).backgroundColor;
                if (!/^rgba\(.*, 0\)$/.test(color) && color !== 'transparent') {
                  ground = color;
                  break;
                }
              }
              const box = svg.getBoundingClientRect();
              const line = svg.querySelector('g.edge path, path.flowchart-link, .edgePaths path')!;
              const label = svg.querySelector('text')!;
              return {
                width: box.width,
                height: box.height,
                column: svg.closest('figure')!.getBoundingClientRect().width,
                stroke: getComputedStyle(line).stroke,
                text: getComputedStyle(label).fill,
                ground,
              };
            });
          });
          assert.equal(drawn.length, diagrams, what);
          for (const d of drawn) {
            assert.ok(d.width > 0 && d.height > 0, `${what}: the drawing has a size`);
            assert.ok(d.width <= d.column + 0.5, `${what}: the drawing fits its column (${d.width} > ${d.column})`);
            // WCAG's 3:1 for graphics and large text: black ink on the dark ground fails it.
            assert.ok(contrast(d.stroke, d.ground) >= 3, `${what}: lines ${d.stroke} on ${d.ground}`);
            assert.ok(contrast(d.text, d.ground) >= 3, `${what}: text ${d.text} on ${d.ground}`);
          }
          assert.equal(await watched.page.locator('.diagram-source').first().getAttribute('open'), null, 'the source is there, closed');
        }
        assertNoProblems(watched, `diagrams at ${width} px, ${colorScheme}`);
      }
    }
  });
});
