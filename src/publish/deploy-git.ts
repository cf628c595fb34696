import { ExitCode, GalleyError } from '../report/galley-error.ts';
import { runInGroup } from './child-groups.ts';
import type { PublishContext } from './publish-context.ts';
import { RUN_MARKER } from './publish-lock.ts';
import { gitSshEnv } from './ssh-command.ts';

// A publish never opens an editor, pager or password prompt, and its SSH command is ours alone.
const DROPPED_ENV = /^(EDITOR|VISUAL|PAGER|PREFIX|SSH_ASKPASS|GIT_(EDITOR|SEQUENCE_EDITOR|PAGER|ASKPASS|SSH|PROXY_COMMAND|EXTERNAL_DIFF|TEMPLATE_DIR|EXEC_PATH|CONFIG\w*))$/i;

/**
 * git in the deploy clone, each command in a process group of its own (child-groups.ts), so
 * neither git nor the ssh it starts outlives the publish. simple-git can neither start a child
 * detached nor tell its pid, which is why publish runs git itself.
 */
export class DeployGit {
  constructor(
    readonly dir: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly onGroup?: (pgid: number) => void,
  ) {}

  /** `git …` in the clone: its stdout, or an Error carrying git's and ssh's output (`gitFailure` reads it). */
  async raw(args: readonly string[]): Promise<string> {
    // gc stays in the foreground: a detached gc would leave the group and outlive the publish.
    const result = await runInGroup('git', ['-c', 'gc.autoDetach=false', ...args], { cwd: this.dir, env: this.env, onGroup: this.onGroup });
    if (result.interrupted) {
      throw new GalleyError(`Unexpected ${result.interrupted} during \`git ${args[0]}\`, expected the publish to run to its end`, {
        exitCode: ExitCode.io,
        ruleId: 'publish-interrupted',
        hint: 'Nothing was forced: the remote has the whole commit or none of it. Re-run `galley publish` to converge.',
      });
    }
    if (result.code === 0) return result.stdout;
    const said = `${result.stdout}${result.stderr}`.trim();
    throw new Error(said || `git ${args[0]} ${result.signal ? `was killed by ${result.signal}` : `exited ${result.code}`}`);
  }
}

/** git in `dir`, talking SSH with the given role's key and the pinned known_hosts only. */
export function deployGit(ctx: PublishContext, dir: string, role: 'write' | 'read' = 'write'): DeployGit {
  const env = Object.fromEntries(Object.entries(ctx.env).filter(([key]) => !DROPPED_ENV.test(key)));
  return new DeployGit(
    dir,
    {
      ...env,
      ...gitSshEnv({ keyPath: ctx.keys[role], knownHostsPath: ctx.keys.knownHosts }),
      ...(ctx.lock ? { [RUN_MARKER]: ctx.lock.token } : {}),
    },
    ctx.lock?.recordGroup,
  );
}

interface Diagnosis {
  pattern: RegExp;
  exitCode: ExitCode;
  ruleId: string;
  message: string;
  hint: string;
}

// Ordered: the first match names the cause. OpenSSH and git print these on stderr.
const DIAGNOSES: Diagnosis[] = [
  {
    pattern: /REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed/,
    exitCode: ExitCode.io,
    ruleId: 'publish-host-key-changed',
    message: 'Unexpected host key from the deploy server, expected the one pinned in known_hosts',
    hint: 'Someone may be intercepting the connection, or the server was rebuilt. Verify its new fingerprint out of band before replacing the known_hosts entry.',
  },
  {
    pattern: /No [A-Z0-9-]+ host key is known|Host key verification failed/,
    exitCode: ExitCode.usage,
    ruleId: 'publish-host-unpinned',
    message: 'Unexpected unpinned deploy server, expected its host key in known_hosts',
    hint: 'Add the server\'s verified host key to known_hosts (GALLEY_KNOWN_HOSTS); `galley doctor` shows what is pinned.',
  },
  {
    pattern: /Permission denied \(publickey\)|Too many authentication failures/,
    exitCode: ExitCode.usage,
    ruleId: 'publish-key-refused',
    message: 'Unexpected key refusal by the deploy server, expected it to accept the configured key',
    hint: 'Check that GALLEY_WRITE_KEY / publish.keys.write is the key the server authorizes (`galley doctor` prints its fingerprint).',
  },
  {
    pattern: /Unexpected git-receive-pack with the read key|not allowed|restricted|refused \w+ key/,
    exitCode: ExitCode.usage,
    ruleId: 'publish-role-refused',
    message: 'Unexpected refusal of the command for this key, expected the write key to be allowed to push',
    hint: 'publish pushes with the write key; the read key may only fetch. Check which key GALLEY_WRITE_KEY points at.',
  },
  {
    pattern: /\[rejected\]|non-fast-forward|fetch first|failed to push some refs|stale info/,
    exitCode: ExitCode.io,
    ruleId: 'publish-push-rejected',
    message: 'Unexpected push rejection: the deploy repository moved since it was fetched',
    hint: 'Someone else published meanwhile. Nothing was forced; re-run `galley publish` to publish on top of the new remote state.',
  },
  {
    pattern: /Connection refused|Connection timed out|timed out|No route to host|Could not resolve hostname|Connection reset|Connection closed|kex_exchange_identification|early EOF|unexpected disconnect|remote end hung up/i,
    exitCode: ExitCode.io,
    ruleId: 'publish-remote-unreachable',
    message: 'Unexpected unreachable deploy server, expected an SSH git server at the remote URL',
    hint: 'Start the server (`npm start` runs the embedded one) or check publish.remote / GALLEY_REMOTE, then re-run.',
  },
];

/** Turn a failed git command into a GalleyError with the cause, exit code and a hint. */
export function gitFailure(error: unknown, action: string, remote: string): GalleyError {
  if (error instanceof GalleyError) return error;
  const text = error instanceof Error ? error.message : String(error);
  const diagnosis = DIAGNOSES.find((d) => d.pattern.test(text));
  // git's and ssh's own last words; they name hosts and refs, never key material.
  const said = text.trim().split('\n').map((l) => l.trim()).filter((l) => l && !/^Please make sure|^and the repository exists/.test(l)).slice(-2).join(' / ');
  if (diagnosis) {
    return new GalleyError(`${diagnosis.message} (${action} ${remote}; git said: ${said})`, {
      exitCode: diagnosis.exitCode,
      ruleId: diagnosis.ruleId,
      hint: diagnosis.hint,
      cause: error,
    });
  }
  return new GalleyError(`Could not ${action} ${remote}: ${said}`, {
    exitCode: ExitCode.io,
    ruleId: 'publish-git-failed',
    hint: 'Re-run; publish starts from the remote state every time. `galley doctor` checks keys and reachability.',
    cause: error,
  });
}
