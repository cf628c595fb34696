// The docs book's keys: ←/→ turn the page, s searches (mdBook's key; `/` and the search itself are
// the site's search script), ? lists the keys. Every page reads the same without it.
(() => {
  const input = document.getElementById('search-q');
  const keys = document.getElementById('book-keys');

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
    } else if (event.key === 's' && input) {
      event.preventDefault();
      input.focus();
    }
  });
})();
