/**
 * A static page that sends a moved URL on to its new place, like Zola's own alias pages: a
 * canonical link and a meta refresh, no script (the self-only CSP allows none inline).
 */
export function redirectPage(target: string): string {
  const href = target.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<title>Moved</title>',
    '<meta name="robots" content="noindex">',
    `<link rel="canonical" href="${href}">`,
    `<meta http-equiv="refresh" content="0; url=${href}">`,
    '</head>',
    `<body><p>This page has moved to <a href="${href}">${href}</a>.</p></body>`,
    '</html>',
    '',
  ].join('\n');
}

/** The file a URL is served from: `/a/b/` is `a/b/index.html`, `/a/b.html` is itself. */
export function fileForUrl(url: string): string {
  const p = decodeURIComponent(url).replace(/^\/+/, '');
  return p === '' || p.endsWith('/') ? `${p}index.html` : p;
}
