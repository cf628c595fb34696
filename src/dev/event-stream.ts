import type { IncomingMessage, ServerResponse } from 'node:http';

/** Server-sent events to every open page: `send('reload', data)` reaches each listener once. */
export class EventStream {
  readonly #clients = new Set<ServerResponse>();
  #last: { event: string; data: string } | undefined;

  /** Hold `res` open as an event stream; a client that connects late gets the last event first. */
  attach(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    // A comment line flushes the headers so the client sees the stream open at once.
    res.write(': galley dev\n\n');
    if (this.#last?.event === 'error') res.write(frame(this.#last.event, this.#last.data));
    this.#clients.add(res);
    req.on('close', () => this.#clients.delete(res));
  }

  send(event: string, data: unknown): void {
    const text = JSON.stringify(data);
    this.#last = { event, data: text };
    for (const res of this.#clients) res.write(frame(event, text));
  }
}

function frame(event: string, data: string): string {
  return `event: ${event}\ndata: ${data}\n\n`;
}
