// Adds a Copy button to each code block. Progressive enhancement: without this script the code
// is still there to select and copy; with it, one press copies the block. Served from the site
// itself (the CSP allows no inline script) and styled only by classes (no inline style either).
(() => {
  const status = document.createElement('span');
  status.className = 'copy-code-status';
  status.setAttribute('role', 'status');
  document.body.append(status);

  for (const block of document.querySelectorAll('.code-block')) {
    const code = block.querySelector('pre > code');
    if (!code) continue;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy-code';
    button.textContent = 'Copy';
    button.setAttribute('aria-label', 'Copy the code to the clipboard');
    button.addEventListener('click', () => copy(code, button));
    block.append(button);
  }

  async function copy(code, button) {
    try {
      await navigator.clipboard.writeText(code.textContent ?? '');
      say(button, 'Copied', 'Code copied to the clipboard.');
    } catch {
      // No clipboard (plain http other than localhost, or denied): select the code instead.
      const range = document.createRange();
      range.selectNodeContents(code);
      const selection = getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
      say(button, 'Selected', 'Code selected; press Ctrl+C or ⌘C to copy.');
    }
  }

  function say(button, label, message) {
    button.textContent = label;
    status.textContent = message;
    setTimeout(() => {
      button.textContent = 'Copy';
      status.textContent = '';
    }, 2000);
  }
})();
