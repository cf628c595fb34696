import { existsSync, statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

export interface Watcher {
  close(): void;
}

/**
 * Watch each existing path (directories recursively) and call `onChange` once per burst of
 * events: editors save in several steps (temp file, rename, chmod) within a few milliseconds,
 * one rebuild is enough; the quiet time counts against the save-to-reload budget.
 */
export function watchPaths(paths: readonly string[], onChange: (changed: string[], since: number) => void, debounceMs = 15): Watcher {
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let since = 0;
  const fire = () => {
    timer = undefined;
    const changed = [...pending].sort();
    pending.clear();
    onChange(changed, since);
  };
  const watchers: FSWatcher[] = [];
  const note = (file: string) => {
    // `since` = the first event of the burst, so the reported time runs from the save itself.
    if (pending.size === 0) since = performance.now();
    pending.add(file);
    clearTimeout(timer);
    timer = setTimeout(fire, debounceMs);
  };
  const watchOne = (p: string) => {
    // A file is watched through its directory: an editor that saves by rename replaces the inode.
    const w = statSync(p).isDirectory()
      ? watch(p, { recursive: true }, (_event, name) => note(name ? path.join(p, name.toString()) : p))
      : watch(path.dirname(p), (_event, name) => name?.toString() === path.basename(p) && note(p));
    // A watched directory removed under us: stop watching it rather than crash the server.
    w.on('error', () => w.close());
    watchers.push(w);
  };
  const missing = new Set<string>();
  for (const p of paths) {
    if (existsSync(p)) watchOne(p);
    else missing.add(p);
  }
  // A `public/` or `templates/` made after the start is watched from then on, and is a change.
  for (const parent of new Set([...missing].map((p) => path.dirname(p)))) {
    if (!existsSync(parent)) continue;
    const w = watch(parent, (_event, name) => {
      const p = name ? path.join(parent, name.toString()) : undefined;
      if (!p || !missing.has(p) || !existsSync(p)) return;
      missing.delete(p);
      watchOne(p);
      note(p);
    });
    w.on('error', () => w.close());
    watchers.push(w);
  }
  return {
    close() {
      clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
