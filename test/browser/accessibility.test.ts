import assert from 'node:assert/strict';
import { test } from 'node:test';
import { axeSource, describeViolations, seriousViolations } from '../helpers/axe.ts';
import { assertNoProblems, chromiumSkip, visit, watchedPage } from '../helpers/browser.ts';
import { browserFixture } from './sample-site.ts';

// axe-core's rules and the keyboard, on the pages most readers land on.
const skip = chromiumSkip;
const { site, browser } = await browserFixture();

for (const colorScheme of ['light', 'dark'] as const) {
  test(`axe-core: no serious or critical violation on an entry page and the index (${colorScheme})`, { skip }, async (t) => {
    t.diagnostic(`site served by ${site.server}`);
    const watched = await watchedPage(browser, { colorScheme });
    await watched.page.addInitScript({ content: axeSource });
    for (const path of [site.entries[0]!, '/']) {
      const violations = await seriousViolations(watched.page, site.url + path);
      assert.equal(violations.length, 0, `${path}:\n${describeViolations(violations)}`);
    }
    assertNoProblems(watched, 'axe run');
  });
}

/** What has focus now, and whether a ring shows around it compared with its unfocused look. */
function focusState() {
  const el = document.activeElement as HTMLElement | null;
  const links = [...document.querySelectorAll('a[href]')];
  if (!el || !links.includes(el)) return { index: -1, ring: false, detail: el?.tagName ?? 'none' };
  const focused = getComputedStyle(el);
  const ring = {
    outline: `${focused.outlineStyle} ${focused.outlineWidth} ${focused.outlineColor}`,
    shadow: focused.boxShadow,
  };
  const visibleOutline = focused.outlineStyle !== 'none' && parseFloat(focused.outlineWidth) >= 2 && !/rgba\(.*, 0\)$/.test(focused.outlineColor);
  const visibleShadow = focused.boxShadow !== 'none';
  return { index: links.indexOf(el), ring: visibleOutline || visibleShadow, detail: JSON.stringify(ring) };
}

function unfocusedLooks() {
  return [...document.querySelectorAll('a[href]')].map((a) => {
    const style = getComputedStyle(a);
    return `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor} / ${style.boxShadow}`;
  });
}

for (const path of ['entry', 'index'] as const) {
  test(`keyboard on the ${path}: Tab reaches every link, each with a visible focus ring`, { skip }, async () => {
    const watched = await watchedPage(browser);
    await visit(watched, site.url + (path === 'entry' ? site.entries[0] : '/'));
    const before = await watched.page.evaluate(unfocusedLooks);
    assert.ok(before.length > 0);
    const reached = new Set<number>();
    for (let press = 0; press < before.length + 5 && reached.size < before.length; press++) {
      await watched.page.keyboard.press('Tab');
      const state = await watched.page.evaluate(focusState);
      if (state.index < 0) continue;
      reached.add(state.index);
      assert.ok(state.ring, `link ${state.index} has no visible focus ring: ${state.detail}`);
      const now = await watched.page.evaluate(() => {
        const style = getComputedStyle(document.activeElement!);
        return `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor} / ${style.boxShadow}`;
      });
      assert.notEqual(now, before[state.index], `link ${state.index}: focus changes how it looks`);
    }
    const missed = before.map((_, i) => i).filter((i) => !reached.has(i));
    assert.deepEqual(missed, [], 'links Tab never reached');
    assertNoProblems(watched, `keyboard on the ${path}`);
  });
}
