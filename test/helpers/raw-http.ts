import net from 'node:net';

export interface RawResponse {
  status: number;
  text: string;
}

/**
 * GET `target` exactly as written: the request line goes out byte for byte over a plain socket, so
 * no client resolves dot segments, decodes or turns backslashes into slashes before the server does.
 */
export function rawGet(base: string, target: string): Promise<RawResponse> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    socket.on('connect', () => socket.write(`GET ${target} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3}) /.exec(text);
      if (!status) reject(new Error(`Unexpected response to ${target}: ${JSON.stringify(text.slice(0, 80))}, expected an HTTP status line`));
      else resolve({ status: Number(status[1]), text });
    });
  });
}
