// Search for the site and the docs book. `/` focuses the search box; the site's search page
// (/search/?q=) and the book's sidebar list what the Pagefind index built with them finds, as one
// types. Every page reads the same without it: the site's box still takes a reader to the search
// page, which says how to search without JavaScript; the book's box is hidden and says where to.
(() => {
  const box = document.getElementById('search-q') || document.getElementById('site-search-q');
  const results = document.getElementById('search-results');
  const status = document.getElementById('search-status');
  const form = box && box.closest('form');
  if (form) form.hidden = false;

  function typing(target) {
    return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  document.addEventListener('keydown', (event) => {
    if (event.key !== '/' || event.altKey || event.ctrlKey || event.metaKey || typing(event.target) || !box) return;
    event.preventDefault();
    box.focus();
    box.select();
  });
  if (!results || !status || !box) return;

  let pagefind;
  // The book is relocatable: its form names its own index, relative to the page; Pagefind takes
  // the results' base URL from where its script is.
  const index = new URL(form.dataset.searchIndex || '/pagefind/pagefind.js', location.href).href;
  // A large site has several indexes (each built within the build's memory), merged into the first.
  const load = () =>
    (pagefind ??= import(index).then(async (pf) => {
      await pf.options({ excerptLength: 24 });
      const parts = await (await fetch(new URL('parts.json', index))).json();
      for (const part of parts) await pf.mergeIndex(new URL(part, index).href);
      return pf;
    }));
  let latest = 0;

  // Pagefind's excerpt is escaped text with <mark> around the matches: parsed inert, never run.
  function excerpt(html) {
    const p = document.createElement('p');
    p.className = 'excerpt';
    p.append(...new DOMParser().parseFromString(html, 'text/html').body.childNodes);
    return p;
  }

  function item(data) {
    const li = document.createElement('li');
    const link = document.createElement('a');
    link.className = 'title';
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    li.append(link);
    if (data.meta.date) {
      const time = document.createElement('time');
      time.dateTime = data.meta.date;
      time.textContent = data.meta.date;
      li.append(' ', time);
    }
    li.append(excerpt(data.excerpt));
    return li;
  }

  async function run() {
    const query = box.value.trim();
    const mine = ++latest;
    history.replaceState(null, '', query ? `?q=${encodeURIComponent(query)}` : location.pathname);
    if (!query) {
      results.replaceChildren();
      status.textContent = '';
      return;
    }
    const pf = await load();
    const found = await pf.search(query);
    const shown = await Promise.all(found.results.slice(0, 10).map((r) => r.data()));
    if (mine !== latest) return;
    results.replaceChildren(...shown.map(item));
    const n = found.results.length;
    status.textContent = n === 0 ? `Nothing here mentions “${query}”.` : `${n} ${n === 1 ? 'page mentions' : 'pages mention'} “${query}”${n > shown.length ? `; the first ${shown.length}:` : ':'}`;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run();
  });
  box.addEventListener('input', run);
  box.value = new URLSearchParams(location.search).get('q') ?? '';
  if (box.value) run();
})();
