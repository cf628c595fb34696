import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { DrawError, DrawResult } from './render-dot.ts';

/** Debian's Chromium; GALLEY_CHROMIUM names another. */
export const chromiumPath = (env: NodeJS.ProcessEnv = process.env): string => env.GALLEY_CHROMIUM ?? '/usr/bin/chromium';

// Mermaid lays text out with the browser's measurements (`getBBox`): it draws only in a DOM.
// Labels as SVG text, not HTML in a `foreignObject` (which the SVG allowlist unwraps).
const CONFIG = { startOnLoad: false, securityLevel: 'strict', htmlLabels: false, flowchart: { htmlLabels: false }, deterministicIds: true, theme: 'neutral' };

/**
 * Mermaid sources drawn as SVG in one headless Chromium (playwright-core), started once for
 * the batch and closed after. Without Chromium each comes back as an error saying so.
 */
export async function drawMermaid(sources: string[], env: NodeJS.ProcessEnv = process.env): Promise<DrawResult[]> {
  const executablePath = chromiumPath(env);
  if (!existsSync(executablePath)) {
    const error: DrawError = { message: `Chromium is not at ${executablePath}`, line: undefined, ruleId: 'diagram-renderer-missing' };
    return sources.map(() => ({ error }));
  }
  const { chromium } = await import('playwright-core');
  // Only a local file is loaded and nothing leaves the machine: no network, no updates.
  const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  try {
    const page = await browser.newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ path: createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js') });
    await page.evaluate((config) => (globalThis as unknown as { mermaid: { initialize(c: unknown): void } }).mermaid.initialize(config), CONFIG);
    const results: DrawResult[] = [];
    for (const source of sources) {
      results.push(
        await page.evaluate(async (text): Promise<DrawResult> => {
          const mermaid = (globalThis as unknown as { mermaid: { render(id: string, text: string): Promise<{ svg: string }> } }).mermaid;
          try {
            return { svg: (await mermaid.render('diagram', text)).svg };
          } catch (e) {
            const error = e as { message?: string; hash?: { loc?: { first_line?: number } } };
            const message = String(error.message ?? e).split('\n').filter(Boolean).join(' ');
            return { error: { message, line: error.hash?.loc?.first_line ?? (Number(/line (\d+)/.exec(message)?.[1]) || undefined) } };
          }
        }, source),
      );
    }
    return results;
  } finally {
    await browser.close();
  }
}
