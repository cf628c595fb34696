import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createBuilder } from '../pipeline/build-site.ts';
import { loadConfig } from '../config/load-config.ts';
import { formatText } from '../report/format.ts';
import { hasErrors, type Finding } from '../report/finding.ts';
import { GalleyError } from '../report/galley-error.ts';
import { serveStatic } from '../serve/static-server.ts';
import { devRoutes, RELOAD_TAG } from './dev-routes.ts';
import { EventStream } from './event-stream.ts';
import { watchPaths } from './watch-project.ts';

export interface DevOptions {
  root: string;
  drafts?: boolean;
  port?: number;
  env?: NodeJS.ProcessEnv;
  /** One line of terminal output (findings, rebuild times). */
  log?: (text: string) => void;
  debounceMs?: number;
}

export interface DevServer {
  url: string;
  /** Where dev builds go: `.galley/dev-site`, apart from `site/` so a drafts build is never published. */
  outDir: string;
  /** Settles when no rebuild is running or queued (tests and the bench wait on it). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export type BuildEvent = { event: 'reload'; data: { ms: number } } | { event: 'error'; data: { findings: Finding[] } };

/**
 * Build once, serve the output, rebuild on every change under the project's sources and tell
 * the open pages: `reload` after a good build, `error` with the findings after a bad one. A
 * failed build leaves the last good output in place (buildSite swaps only when every gate passes).
 */
export async function startDev(options: DevOptions): Promise<DevServer> {
  const { config, root } = await loadConfig(options.root);
  const log = options.log ?? (() => {});
  const outDir = path.join(root, '.galley', 'dev-site');
  const events = new EventStream();

  // One builder for the session: it keeps the project's inputs and every result in memory, so a
  // save re-reads the saved file, renders what it affects and rewrites only changed outputs.
  const builder = await createBuilder({ root, outDir, drafts: options.drafts ?? false, inPlace: true, ...(options.env ? { env: options.env } : {}) });
  const build = async (savedAt: number, changed?: string[]): Promise<BuildEvent> => {
    const findings = await builder.build(changed).then(
      (r) => r.findings,
      (error: unknown) => errorFindings(error),
    );
    if (findings.length > 0) log(formatText(findings));
    if (hasErrors(findings)) return { event: 'error', data: { findings } };
    return { event: 'reload', data: { ms: Math.round(performance.now() - savedAt) } };
  };

  let running: Promise<void> = Promise.resolve();
  let queued: number | undefined;
  let changedSince = new Set<string>();
  const rebuild = (changed: string[], savedAt: number) => {
    for (const file of changed) changedSince.add(file);
    // One build at a time; saves during a build fold into one more build after it.
    if (queued !== undefined) return;
    queued = savedAt;
    running = running.then(async () => {
      const since = queued!;
      const files = [...changedSince];
      queued = undefined;
      changedSince = new Set();
      const result = await build(since, files);
      events.send(result.event, result.data);
      log(result.event === 'reload' ? `galley dev: rebuilt, reload sent ${result.data.ms} ms after the save` : 'galley dev: build failed, serving the last good build');
    });
  };

  const first = await build(performance.now());
  if (first.event === 'error') events.send('error', first.data);
  const server = await serveStatic(outDir, options.port ?? 0, '127.0.0.1', { route: devRoutes(events), injectHtml: RELOAD_TAG });
  const sources = [config.paths.content, config.paths.templates, config.paths.public, config.paths.vendor, 'site.config.ts'];
  const watcher = watchPaths(
    sources.map((p) => path.join(root, p)),
    (changed, since) => rebuild(changed, since),
    options.debounceMs,
  );
  log(`galley dev: serving ${server.url} (watching ${sources.join(', ')})`);
  return {
    url: server.url,
    outDir,
    idle: async () => {
      while (queued !== undefined) await running;
      await running;
    },
    close: async () => {
      watcher.close();
      await running;
      await server.close();
      await builder.save();
    },
  };
}

/** A build that threw (a broken site.config.ts, an unreadable file) becomes findings to show. */
function errorFindings(error: unknown): Finding[] {
  if (error instanceof GalleyError) {
    if (error.findings.length > 0) return error.findings;
    return [{ file: 'site.config.ts', line: 1, column: 1, ruleId: error.ruleId, severity: 'error', message: error.message, ...(error.hint ? { hint: error.hint } : {}) }];
  }
  const message = error instanceof Error ? error.message : String(error);
  return [{ file: '.', line: 0, column: 0, ruleId: 'dev-build-failed', severity: 'error', message, hint: 'fix the cause and save again; the last good build is still served' }];
}
