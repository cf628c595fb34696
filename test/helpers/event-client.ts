export interface ServerEvent {
  event: string;
  data: string;
}

/** A plain `fetch` reading a server-sent-events stream, one `next()` per event (comments skipped). */
export async function openEvents(url: string): Promise<{ next(): Promise<ServerEvent>; close(): void }> {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal });
  if (!response.ok || !response.body) throw new Error(`event stream: HTTP ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return {
    async next() {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end !== -1) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = frame.split('\n').filter((l) => !l.startsWith(':'));
          if (fields.length === 0) continue;
          const field = (name: string) => fields.filter((l) => l.startsWith(`${name}: `)).map((l) => l.slice(name.length + 2)).join('\n');
          return { event: field('event') || 'message', data: field('data') };
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('event stream closed');
        buffer += value;
      }
    },
    close: () => controller.abort(),
  };
}
