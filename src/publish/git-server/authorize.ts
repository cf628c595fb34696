import path from 'node:path';

/** What a key may do on the embedded server (design §6): write pushes and fetches, read only fetches. */
export type ServerRole = 'write' | 'read';
export type GitService = 'git-upload-pack' | 'git-receive-pack';

const ALLOWED: Record<ServerRole, readonly GitService[]> = {
  write: ['git-receive-pack', 'git-upload-pack'],
  read: ['git-upload-pack'],
};

export type ExecDecision =
  | { ok: true; service: GitService; repoPath: string }
  | { ok: false; reason: string };

// What OpenSSH's git client sends: `git-upload-pack '/site.git'` (the path single-quoted).
const COMMAND = /^(git[ -]upload-pack|git[ -]receive-pack) '([^']*)'$/;
const REPO_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Decide an exec request: a known git service, a repository under `reposDir`, allowed for the role. */
export function authorizeExec(command: string, role: ServerRole, reposDir: string): ExecDecision {
  const match = COMMAND.exec(command);
  if (!match) return { ok: false, reason: `Unexpected command \`${printable(command)}\`, expected git-upload-pack or git-receive-pack` };
  const service = match[1]!.replace(' ', '-') as GitService;
  if (!ALLOWED[role].includes(service)) {
    return { ok: false, reason: `Unexpected ${service} with the ${role} key, expected ${ALLOWED[role].join(' or ')}` };
  }
  const name = match[2]!.replace(/^\/+/, '').replace(/\/+$/, '');
  if (!REPO_NAME.test(name) || name.includes('..')) {
    return { ok: false, reason: `Unexpected repository path \`${printable(match[2]!)}\`, expected a name like /site.git` };
  }
  return { ok: true, service, repoPath: path.join(reposDir, name) };
}

/** Keep a client-supplied string to one short printable line in the server log. */
function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 120);
}
