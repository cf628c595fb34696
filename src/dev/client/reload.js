// galley dev: reload on a good rebuild, show the findings of a bad one over the page.
// Served by `galley dev` only; DOM built here and styled by overlay.css (the page's CSP is self-only).
(() => {
  const source = new EventSource('/__galley/events');
  let overlay;

  source.addEventListener('reload', () => location.reload());
  source.addEventListener('error', (event) => {
    // A dropped connection also fires `error`, without data: EventSource reconnects by itself.
    if (!event.data) return;
    show(JSON.parse(event.data).findings);
  });

  function show(findings) {
    overlay?.remove();
    if (!document.querySelector('link[href="/__galley/overlay.css"]')) {
      const css = document.createElement('link');
      css.rel = 'stylesheet';
      css.href = '/__galley/overlay.css';
      document.head.append(css);
    }
    overlay = element('section', 'galley-overlay');
    overlay.setAttribute('role', 'alert');
    overlay.append(element('h2', 'galley-overlay-title', 'The build failed. Serving the last good build.'));
    const list = element('ol', 'galley-overlay-list');
    for (const f of findings) {
      const item = element('li', `galley-overlay-${f.severity}`);
      item.append(element('code', 'galley-overlay-place', `${f.file}:${f.line}:${f.column}`), ' ', element('span', 'galley-overlay-message', f.message), ' ', element('code', 'galley-overlay-rule', f.ruleId));
      if (f.hint) item.append(element('p', 'galley-overlay-hint', `hint: ${f.hint}`));
      list.append(item);
    }
    const close = element('button', 'galley-overlay-close', 'Dismiss');
    close.type = 'button';
    close.addEventListener('click', () => overlay.remove());
    overlay.append(list, close);
    document.body.append(overlay);
  }

  function element(tag, className, text) {
    const el = document.createElement(tag);
    el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }
})();
