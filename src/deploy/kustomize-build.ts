import { access } from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { kustomize, kustomizeFailure } from '../kustomize/run-kustomize.ts';
import { ExitCode, GalleyError } from '../report/galley-error.ts';
import { k8sObjectSchema, type K8sObject } from './objects.ts';

/** The kubectl on PATH, or undefined: callers skip or explain instead of failing blind. */
export async function findKubectl(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, 'kubectl');
    try {
      await access(candidate);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/**
 * Render a kustomization the way `kubectl apply -k` does: load restrictor on, so a file outside
 * the kustomization that names it is an error, as it is for an operator. Flux's kustomize-controller
 * renders with the restrictor off but confined to the source's root, which `sourcesInRoot` checks;
 * what renders here renders there.
 */
export async function kustomizeBuild(kubectl: string, dir: string): Promise<K8sObject[]> {
  let stdout: string;
  try {
    stdout = await kustomize(kubectl, dir);
  } catch (error) {
    throw new GalleyError(`Unexpected failure of \`kubectl kustomize ${dir}\`: ${kustomizeFailure(error)}`, {
      exitCode: ExitCode.usage,
      ruleId: 'deploy-render',
      hint: 'run the same command by hand and fix the kustomization it names',
      cause: error,
    });
  }
  return parseObjects(stdout, dir);
}

/** Every YAML document of a rendered stream, checked to be a Kubernetes object. */
export function parseObjects(text: string, origin: string): K8sObject[] {
  const objects: K8sObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) {
      throw new GalleyError(`Unexpected YAML in the output of ${origin}: ${doc.errors[0]?.message}`, {
        exitCode: ExitCode.usage,
        ruleId: 'deploy-render',
      });
    }
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    const parsed = k8sObjectSchema.safeParse(value);
    if (!parsed.success) {
      throw new GalleyError(`Unexpected document without apiVersion, kind and metadata.name in ${origin}`, {
        exitCode: ExitCode.usage,
        ruleId: 'deploy-render',
        hint: 'every resource of a kustomization must be a Kubernetes object',
      });
    }
    objects.push(parsed.data as K8sObject);
  }
  return objects;
}
