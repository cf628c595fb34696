import type { CommandIO } from '../cli/command.ts';
import { formatText } from '../report/format.ts';
import { hasErrors } from '../report/finding.ts';
import { ExitCode, GalleyError } from '../report/galley-error.ts';
import { checkPolicies } from './check-policies.ts';
import { formatExpectations } from './format-expectations.ts';
import { readClusterExpectations } from './expectations.ts';
import { findKubectl } from './kustomize-build.ts';
import { FLUX_CLUSTERS_DIR, OVERLAYS_DIR, loadManifests } from './load-manifests.ts';
import { SourceIndex } from './source-index.ts';
import { syncContainers } from './sync-container.ts';
import { formatSyncRuntime, syncRuntime } from './sync-runtime.ts';

/**
 * `galley doctor --cluster`: render the manifests as Flux would, print what the cluster expects
 * from 1Password (store, items, fields, where they are mounted) and what the sidecar image needs of
 * the runtime (uid, group, writable /tmp), then the policy findings (the sidecar's args among them).
 * Prints names only, never a value: the values are not in the repository to begin with.
 */
export async function doctorCluster(root: string, io: CommandIO): Promise<number> {
  const kubectl = await findKubectl(io.env);
  if (!kubectl) {
    throw new GalleyError('Unexpected missing `kubectl`, expected it on PATH to render the manifests', {
      exitCode: ExitCode.io,
      ruleId: 'deploy-kubectl-missing',
      hint: 'install kubectl (it carries kustomize), then run `galley doctor --cluster` again',
    });
  }
  const targets = await loadManifests(root, kubectl);
  if (targets.length === 0) {
    throw new GalleyError(`Unexpected project without cluster manifests, expected ${OVERLAYS_DIR}/<name> or ${FLUX_CLUSTERS_DIR}/<name>`, {
      exitCode: ExitCode.usage,
      ruleId: 'deploy-no-manifests',
      hint: 'run from the project root, or pass --root',
    });
  }
  io.stdout.write(formatExpectations(readClusterExpectations(targets)));
  // Overlays sharing the base's pod say the same: once.
  const runtimes = new Set(targets.flatMap((t) => syncContainers(t.objects)).map((ref) => formatSyncRuntime(syncRuntime(ref))));
  for (const text of runtimes) io.stdout.write(`\n${text}`);
  const findings = await checkPolicies(root, targets, await SourceIndex.build(root));
  if (findings.length > 0) io.stderr.write(`${formatText(findings)}\n`);
  return hasErrors(findings) ? ExitCode.findings : ExitCode.ok;
}

