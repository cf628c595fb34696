import type { Finding } from '../report/finding.ts';
import { ExitCode, type ExitCode as Code } from '../report/galley-error.ts';
import { SYNC_NAMESPACE } from '../sync/sync-request.ts';
import { verifySyncRequest } from '../sync/verify-sync-request.ts';
import { deployGit, gitFailure } from './deploy-git.ts';
import { checkKeys } from './keys/check-keys.ts';
import type { PublishContext } from './publish-context.ts';
import { signSyncRequest } from './request-sync.ts';

export interface DoctorReport {
  /** Human lines: each key's fingerprint (never its content), the pins, the remote. */
  lines: string[];
  findings: Finding[];
  exitCode: Code;
}

/**
 * `galley doctor`: key fingerprints, permissions, distinct roles, host key pin (exit 2 on any of
 * them), whether allowed_signers trusts the signing key for sync requests (a warning: the poll
 * still serves), then whether the remote answers to the read and the write key (exit 3 if not).
 */
export async function runDoctor(ctx: PublishContext): Promise<DoctorReport> {
  const check = await checkKeys(ctx.root, ctx.keys, ctx.remote);
  const lines = check.keys.map((k) => `${k.role.padEnd(8)} ${k.fingerprint ?? '(unusable)'}  ${k.path}`);
  if (check.findings.length > 0) return { lines, findings: check.findings, exitCode: ExitCode.usage };
  lines.push(`host key pinned in ${ctx.keys.knownHosts}`);
  const findings: Finding[] = [];
  // The sidecar's own check, on a request signed as publish signs one.
  const signer = await verifySyncRequest(await signSyncRequest(ctx.keys.signing, '0'.repeat(40)), ctx.keys.allowedSigners);
  if ('result' in signer) {
    findings.push({ file: ctx.keys.allowedSigners, line: 1, column: 1, ruleId: 'publish-sync-signer', severity: 'warning', message: signer.message, hint: `${signer.hint}; until then sidecars refuse sync requests and serve at their next poll`, source: 'publish' });
  } else {
    lines.push(`allowed_signers trusts the signing key for sync requests (${signer.principal}, namespace ${SYNC_NAMESPACE})`);
  }
  for (const role of ['read', 'write'] as const) {
    try {
      const out = await deployGit(ctx, ctx.root, role).raw(['ls-remote', ctx.remote, `refs/heads/${ctx.branch}`]);
      const head = out.split(/\s/)[0];
      lines.push(`remote ${ctx.remote} answers the ${role} key (${ctx.branch} ${head ? `at ${head.slice(0, 12)}` : 'not published yet'})`);
    } catch (error) {
      const failure = gitFailure(error, `reach with the ${role} key`, ctx.remote);
      findings.push({ file: ctx.remote, line: 0, column: 0, ruleId: failure.ruleId, severity: 'error', message: failure.message, hint: failure.hint, source: 'publish' });
      return { lines, findings, exitCode: failure.exitCode };
    }
  }
  return { lines, findings, exitCode: ExitCode.ok };
}
