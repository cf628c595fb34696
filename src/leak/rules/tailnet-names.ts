import { ALLOW_HINT, type Rule } from '../rule.ts';

// Tailscale MagicDNS names: `<host>.<tailnet>.ts.net`. The placeholders of Tailscale's own
// documentation are clean.
const TAILNET_NAME = /(?<![\w.-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+ts\.net(?![\w-]|\.[a-z0-9])/gi;
const PLACEHOLDER_TAILNETS = new Set(['example', 'tailnet-name', 'yourtailnet', 'your-tailnet']);

export const tailnetName: Rule = {
  id: 'leak-tailnet-name',
  title: 'Tailscale MagicDNS name (*.ts.net)',
  hint: `Write the host's role instead of its tailnet name; ${ALLOW_HINT}.`,
  anchor: /\.[tT][sS]\.[nN][eE][tT]/,
  pattern: TAILNET_NAME,
  check(match) {
    const name = match[0].toLowerCase();
    const labels = name.split('.');
    if (PLACEHOLDER_TAILNETS.has(labels.at(-3) ?? '')) return undefined;
    return { normalized: name, preview: `…(${name.length} chars).ts.net`, what: 'tailnet name' };
  },
};
