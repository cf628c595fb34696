// The docs book's script: ←/→ turn the page, s or / search, ? lists the keys. Every page reads the
// same without it; search loads the prebuilt searchindex.json from the book itself on first use (no CDN).
(() => {
  const root = document.documentElement.dataset.bookRoot || './';
  const form = document.querySelector('.book-search');
  const input = document.getElementById('book-search-input');
  const results = document.getElementById('book-search-results');
  const keys = document.getElementById('book-keys');
  if (form) form.hidden = false;
  let index;

  async function loadIndex() {
    if (!index) index = fetch(root + 'searchindex.json').then((r) => r.json());
    return index;
  }

  function typing(target) {
    return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  document.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (typing(event.target)) {
      if (event.key === 'Escape' && input) input.blur();
      return;
    }
    if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      // In a focused table that is wider than the screen the arrows scroll the table.
      const region = event.target instanceof Element && event.target.closest('.table-scroll');
      if (region && region.scrollWidth > region.clientWidth) return;
      const link = document.querySelector(event.key === 'ArrowLeft' ? 'a[rel="prev"]' : 'a[rel="next"]');
      if (link) {
        event.preventDefault();
        window.location.href = link.href;
      }
    } else if (event.key === '?' && keys && !keys.open) {
      event.preventDefault();
      keys.showModal();
    } else if ((event.key === 's' || event.key === '/') && input) {
      event.preventDefault();
      input.focus();
      loadIndex();
    }
  });

  function snippet(text, term) {
    const at = text.toLowerCase().indexOf(term);
    const start = Math.max(0, at - 60);
    return (start > 0 ? '…' : '') + text.slice(start, start + 160).replace(/\s+/g, ' ') + '…';
  }

  async function search() {
    const terms = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    results.replaceChildren();
    if (terms.length === 0) return;
    const { pages } = await loadIndex();
    const hits = pages
      .map((page) => {
        const title = page.title.toLowerCase();
        const text = page.text.toLowerCase();
        if (!terms.every((t) => title.includes(t) || text.includes(t))) return undefined;
        return { page, score: terms.reduce((n, t) => n + (title.includes(t) ? 10 : 0) + text.split(t).length - 1, 0) };
      })
      .filter(Boolean)
      .sort((a, b) => b.score - a.score)
      .slice(0, 12);
    for (const { page } of hits) {
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = root + page.url;
      link.textContent = (page.number ? page.number + ' ' : '') + page.title;
      const context = document.createElement('p');
      context.textContent = snippet(page.text, terms[0]);
      item.append(link, context);
      results.append(item);
    }
    if (hits.length === 0) {
      const none = document.createElement('li');
      none.textContent = 'No chapter mentions that.';
      results.append(none);
    }
  }

  if (form && input && results) {
    form.addEventListener('submit', (event) => event.preventDefault());
    input.addEventListener('focus', loadIndex);
    input.addEventListener('input', search);
  }
})();
