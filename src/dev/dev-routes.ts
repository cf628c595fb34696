import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { packageRoot } from '../render/package-root.ts';
import type { EventStream } from './event-stream.ts';

// The pages run under a self-only CSP: the dev script and its styles are files, never inline.
export const RELOAD_TAG = '<script src="/__galley/reload.js" defer></script>';

const CLIENT_FILES: Record<string, string> = {
  '/__galley/reload.js': 'text/javascript; charset=utf-8',
  '/__galley/overlay.css': 'text/css; charset=utf-8',
};

/** The dev server's own routes under `/__galley/`: the event stream and the client files. */
export function devRoutes(events: EventStream): (pathname: string, req: IncomingMessage, res: ServerResponse) => boolean {
  const clientDir = path.join(packageRoot(), 'src/dev/client');
  const files = new Map(Object.keys(CLIENT_FILES).map((p) => [p, readFileSync(path.join(clientDir, path.basename(p)))]));
  return (pathname, req, res) => {
    if (pathname === '/__galley/events') {
      events.attach(req, res);
      return true;
    }
    const body = files.get(pathname);
    if (!body) return false;
    res.writeHead(200, { 'Content-Type': CLIENT_FILES[pathname]!, 'Cache-Control': 'no-store' }).end(body);
    return true;
  };
}
