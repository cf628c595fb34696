import { parseArgs } from 'node:util';
import { syncCommand } from '../../cli/commands/sync.ts';
import { didYouMean } from '../../report/did-you-mean.ts';
import { ExitCode, GalleyError } from '../../report/galley-error.ts';
import { camel, parseSyncOptions } from '../../sync/parse-options.ts';
import { findGeneratorLiteral } from '../generator-literal.ts';
import { asArray, objectId } from '../objects.ts';
import { containerEnv, expandVars, syncContainers, type EnvValue } from '../sync-container.ts';
import { syncRuntime } from '../sync-runtime.ts';
import type { Policy } from './policy.ts';

// The sidecar's args, with `$(VAR)` expanded from the rendered ConfigMap as the kubelet does, go
// through the sidecar's own option parser: a value it would refuse at start (a crash loop in every
// replica) is refused here first, with the same message.
export const syncOptions: Policy = {
  ruleId: 'deploy-sync-option',
  roles: ['overlay', 'flux-layer'],
  async check({ root, target, report }) {
    for (const ref of syncContainers(target.objects)) {
      const env = containerEnv(ref, target.objects);
      const where = `container \`${ref.name}\` of ${objectId(ref.object)}`;
      const sources = new Map<string, EnvValue[]>();
      const args = asArray(ref.container.args).slice(1).map((arg) => {
        const { text, used } = expandVars(String(arg), env);
        const flag = /^--([a-z-]+)/.exec(text)?.[1];
        if (flag) sources.set(camel(flag), used);
        return text;
      });
      const syncEnv = Object.fromEntries([...env].filter(([name]) => name.startsWith('GALLEY_SYNC_')).map(([name, v]) => [name, v.value]));
      try {
        parseSyncOptions(parseFlags(args), syncEnv);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const flag = /--([a-z-]+)/.exec(message)?.[1];
        const configMap = flag ? sources.get(camel(flag))?.find((v) => v.configMap)?.configMap : undefined;
        if (!configMap) {
          report(ref.object, `${message} in ${where}`, error instanceof GalleyError && error.hint ? error.hint : 'see `galley sync --help`');
          continue;
        }
        report(undefined, `${message} in ${where}, from key \`${configMap.key}\` of ConfigMap ${configMap.name}`,
          `set \`${configMap.key}=\` in the configMapGenerator \`${configMap.name}\`; see \`galley sync --help\``,
          await findGeneratorLiteral(root, target.dir, configMap.name, configMap.key));
      }
    }
  },
};

/** The args as the sidecar's parseArgs reads them; an option it does not know is said our way. */
function parseFlags(args: string[]): Record<string, unknown> {
  try {
    return parseArgs({ args, options: syncCommand.options, strict: true }).values;
  } catch (error) {
    const arg = /'([^']+)'/.exec((error as Error).message)?.[1] ?? args.join(' ');
    const known = Object.keys(syncCommand.options).map((o) => `--${o}`);
    const near = didYouMean(arg.replace(/=.*/, ''), known);
    throw new GalleyError(`Unexpected argument \`${arg}\`, expected an option of galley sync`, {
      exitCode: ExitCode.usage,
      ruleId: 'sync-option',
      hint: near ? `did you mean \`${near}\`?` : 'see `galley sync --help`',
    });
  }
}

// What the image needs of the pod: a read-only root leaves /tmp as the only place for HOME and the
// passwd entry ssh gets; a 0400 secret is readable by a non-root uid only through the fsGroup.
export const syncRuntimeNeeds: Policy = {
  ruleId: 'deploy-sync-runtime',
  roles: ['overlay', 'flux-layer'],
  check({ target, report }) {
    for (const ref of syncContainers(target.objects)) {
      const runtime = syncRuntime(ref);
      const where = `container \`${ref.name}\` of ${objectId(ref.object)}`;
      if (runtime.readOnlyRoot && !runtime.tmpVolume) {
        report(ref.object, `Unexpected ${where} with a read-only root and no writable /tmp, expected an emptyDir there`, "mount an emptyDir at /tmp: ssh's HOME and its passwd entry live there");
      }
      if (runtime.secrets.length > 0 && runtime.uid !== 0 && runtime.fsGroup === undefined) {
        report(ref.object, `Unexpected ${objectId(ref.object)} without fsGroup, expected one so that its container \`${ref.name}\` can read the secret`, "set the pod's `securityContext.fsGroup` to the sidecar's group (10001)");
      }
    }
  },
};
