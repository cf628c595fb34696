import { crc32 } from 'node:zlib';
import { ALLOW_HINT, maskTail, type Rule, type Verdict } from '../rule.ts';

const ROTATE = `Revoke the token at its issuer now (it is compromised once published), then remove it; ${ALLOW_HINT}.`;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function token(value: string, prefix: string, what: string, start?: number): Verdict {
  return { normalized: value, preview: maskTail(prefix, value.slice(prefix.length)), what, ...(start === undefined ? {} : { start }) };
}

/** JSON.parse of base64(url) text; undefined for anything else (never throws: errors quote input). */
function decodeJson(base64: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(base64, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

// GitHub's token format (github.blog, 2021-04-05): prefix, 30 random base62 characters, then the
// CRC32 of those 30 in 6 base62 digits. The checksum makes documentation fakes clean.
export const githubToken: Rule = {
  id: 'leak-github-token',
  title: 'GitHub token (classic with verified checksum, fine-grained PAT)',
  hint: ROTATE,
  anchor: /_[A-Za-z0-9]{36}|_pat_/,
  pattern: /(?<![A-Za-z0-9_])(?:gh[pousr]_([A-Za-z0-9]{30})([A-Za-z0-9]{6})|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})(?![A-Za-z0-9_])/g,
  check(match) {
    const value = match[0];
    if (match[1] !== undefined) {
      const sum = [...match[2]!].reduce((n, c) => n * 62 + BASE62.indexOf(c), 0);
      if (sum !== crc32(match[1])) return undefined;
      return token(value, value.slice(0, 4), 'GitHub token');
    }
    return token(value, 'github_pat_', 'GitHub fine-grained token');
  },
};

// AWS's own documentation keys all end in EXAMPLE (AKIAIOSFODNN7EXAMPLE, …EXAMPLEKEY).
export const awsAccessKey: Rule = {
  id: 'leak-aws-access-key',
  title: 'AWS access key id',
  hint: ROTATE,
  anchor: /A(?:KIA|SIA|BIA|CCA)/,
  pattern: /(?<![A-Za-z0-9])A(?:KIA|SIA|BIA|CCA)[A-Z2-7]{16}(?![A-Za-z0-9])/g,
  check(match) {
    const value = match[0];
    return value.endsWith('EXAMPLE') ? undefined : token(value, value.slice(0, 4), 'AWS access key id');
  },
};

export const awsSecretKey: Rule = {
  id: 'leak-aws-secret-key',
  title: 'AWS secret access key (next to its key name)',
  hint: ROTATE,
  anchor: /ccess_?[kK]ey|CCESS_?KEY/,
  pattern: /(?:aws_?)?secret_?access_?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
  check(match) {
    const value = match[1]!;
    if (value.endsWith('EXAMPLEKEY')) return undefined;
    return token(value, '', 'AWS secret access key', match.index + match[0].length - value.length);
  },
};

export const slackToken: Rule = {
  id: 'leak-slack-token',
  title: 'Slack token or incoming webhook',
  hint: ROTATE,
  anchor: /xox|xapp-|\.slack\.com/,
  // Slack's own docs write `xoxb-not-a-real-token…`: real tokens start with digit groups.
  pattern:
    /(?<![\w.-])(?:(?:xox[abposr]|xoxe\.xox[bp]|xapp)-\d+-[A-Za-z0-9-]{10,}|https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/T[A-Z0-9]{6,}\/[A-Z0-9]{6,}\/[A-Za-z0-9]{20,})(?![\w-])/g,
  check(match) {
    const value = match[0];
    if (value.startsWith('https:')) {
      const [team = '', , secret = ''] = value.split('/').slice(-3);
      if (/^T0+$/.test(team) || /^X+$/.test(secret)) return undefined;
      return token(value, 'https://hooks.slack.com/', 'Slack webhook URL');
    }
    return token(value, value.slice(0, value.indexOf('-') + 1), 'Slack token');
  },
};

export const discordToken: Rule = {
  id: 'leak-discord-token',
  title: 'Discord bot token or webhook URL',
  hint: ROTATE,
  // A bot token's middle part is six characters between dots; a webhook is under /api/.
  anchor: /\.[\w-]{6}\.[\w-]{27}|\.com\/api\//,
  pattern:
    /(?<![\w.-])(?:([MNO][A-Za-z0-9_-]{23,27})\.[\w-]{6}\.[\w-]{27,40}|https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/(?:v\d+\/)?webhooks\/\d{17,20}\/[\w-]{60,68})(?![\w-])/g,
  check(match) {
    const value = match[0];
    if (match[1] === undefined) return token(value, 'https://discord.com/api/webhooks/', 'Discord webhook URL');
    // The first part is the bot's user id (a snowflake) in base64.
    if (!/^\d{17,20}$/.test(Buffer.from(match[1], 'base64url').toString('latin1'))) return undefined;
    return token(value, '', 'Discord bot token');
  },
};

export const onePasswordToken: Rule = {
  id: 'leak-1password-token',
  title: '1Password service account token',
  hint: ROTATE,
  anchor: /_eyJ/,
  pattern: /(?<![\w-])ops_(eyJ[A-Za-z0-9+/_-]{40,}={0,2})(?![\w-])/g,
  check(match) {
    return decodeJson(match[1]!) ? token(match[0], 'ops_', '1Password service account token') : undefined;
  },
};

// `cloudflared tunnel token` prints base64 of {"a": account tag, "t": tunnel id, "s": secret};
// the credentials file holds the same secret as "TunnelSecret".
export const cloudflareTunnel: Rule = {
  id: 'leak-cloudflare-tunnel',
  title: 'Cloudflare tunnel token or tunnel credentials secret',
  hint: ROTATE,
  anchor: /yJhIjoi|TunnelSecret/,
  pattern: /(?<![\w-])eyJhIjoi[A-Za-z0-9+/_-]{40,}={0,2}(?![\w-])|"?TunnelSecret"?\s*:\s*"?([A-Za-z0-9+/]{43,}={0,2})/g,
  check(match) {
    if (match[1] !== undefined) {
      if (Buffer.from(match[1], 'base64').length < 32) return undefined;
      return token(match[1], '', 'Cloudflare tunnel secret', match.index + match[0].lastIndexOf(match[1]));
    }
    const json = decodeJson(match[0]);
    if (!json || typeof json.t !== 'string' || typeof json.s !== 'string') return undefined;
    return token(match[0], 'eyJhIjoi', 'Cloudflare tunnel token');
  },
};
