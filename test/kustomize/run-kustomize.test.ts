import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { findKubectl } from '../../src/deploy/kustomize-build.ts';
import { kustomize, kustomizeFailure, kustomizeSync } from '../../src/kustomize/run-kustomize.ts';
import { skipUnlessCi } from '../helpers/needs-tool.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const kubectl = await findKubectl();
const skip = skipUnlessCi(kubectl ? false : 'kubectl is not on PATH: cannot run kustomize');

/** An app directory whose kustomization reaches a ConfigMap one level up, outside its own directory. */
async function tree(): Promise<string> {
  const root = await tempDir('galley-kustomize-');
  await mkdir(path.join(root, 'app'));
  await writeFile(path.join(root, 'shared.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\n');
  await writeFile(path.join(root, 'app', 'kustomization.yaml'), 'resources: [../shared.yaml]\nnamespace: media\n');
  return path.join(root, 'app');
}

async function failure(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (error) {
    return kustomizeFailure(error);
  }
  assert.fail('expected kubectl kustomize to fail');
}

test('the blocking and the async run render the same stream, with the load restrictor off as Flux builds', { skip }, async () => {
  const dir = await tree();
  const text = kustomizeSync(kubectl!, dir, { unrestricted: true });
  assert.match(text, /name: shared\n {2}namespace: media\n/);
  assert.equal(await kustomize(kubectl!, dir, { unrestricted: true }), text);
});

test('with the restrictor on, as kubectl apply -k, a file outside the directory is refused in kustomize\'s own words', { skip }, async () => {
  const dir = await tree();
  const reason = await failure(() => kustomize(kubectl!, dir));
  assert.match(reason, /is not in or below/);
  // klog's prefix (time, process id, source line) is gone: two runs give the same message.
  assert.doesNotMatch(reason, /^[EWI]\d{4} |run\.go|command failed/);
  assert.equal(await failure(() => kustomizeSync(kubectl!, dir)), reason);
});

test('a missing kubectl is named as such', async () => {
  assert.equal(await failure(() => kustomizeSync('galley-no-such-kubectl', '.')), 'kubectl is not on PATH');
});
