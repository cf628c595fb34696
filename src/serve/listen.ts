import { createServer, type AddressInfo } from 'node:net';

/** What `listenPreferring` needs of a server: node's `net.Server` and ssh2's `Server` both fit. */
interface Listenable {
  listen(port: number, host: string, callback: () => void): unknown;
  once(event: 'error', listener: (error: Error) => void): unknown;
  off(event: 'error', listener: (error: Error) => void): unknown;
  address(): AddressInfo | string | null;
}

/**
 * Listen on `port` at `host`, or on a free one when it is taken (a second `npm start`, another
 * program), as `galley dev` and `npm start` do; returns the port bound, for the caller to print.
 */
export async function listenPreferring(server: Listenable, port: number, host = '127.0.0.1'): Promise<number> {
  await listenOn(server, port, host).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EADDRINUSE' || port === 0) throw error;
    return listenOn(server, 0, host);
  });
  return (server.address() as AddressInfo).port;
}

function listenOn(server: Listenable, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * A port for a server we cannot hand a socket to (nginx): `wanted` if it is free now, else a free
 * one. Probing matters: a readiness check would take whoever holds a busy port for nginx.
 */
export async function pickPort(wanted = 0): Promise<number> {
  const probe = createServer();
  const port = await listenPreferring(probe, wanted);
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
