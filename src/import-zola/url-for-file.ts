/** The URL a file of a built site answers: `a/index.html` is `/a/`, anything else itself. */
export function urlForFile(file: string): string {
  const url = `/${file}`;
  return url.endsWith('/index.html') ? url.slice(0, -'index.html'.length) : url;
}
