import { after } from 'node:test';
import { serveStatic } from '../../src/serve/static-server.ts';
import { nginxSkip, serveWithNginx } from './nginx.ts';

export interface ServedSite {
  /** Origin without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Which server answers, for the test output. */
  server: string;
}

/**
 * Serve a built site the way readers get it: real nginx with `deploy/nginx/nginx.conf`; where
 * nginx is missing, galley's embedded server (`npm start`), and the output says which.
 */
export async function serveSite(root: string): Promise<ServedSite> {
  if (!nginxSkip) {
    const nginx = await serveWithNginx(root);
    return { url: nginx.url, server: 'nginx with deploy/nginx/nginx.conf' };
  }
  const embedded = await serveStatic(root, 0);
  after(() => embedded.close());
  return { url: embedded.url.replace(/\/$/, ''), server: `galley's embedded static server (${nginxSkip})` };
}
