import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { SourcePlace } from './source-index.ts';

/**
 * Where `key=` of the configMapGenerator `name` is written for the kustomization in `dir`: its own
 * literal (an overlay's wins when it merges) or else the first its resources hold, depth first.
 * A rendered ConfigMap has lost its file; the finding about its value should point at that line.
 */
export async function findGeneratorLiteral(root: string, dir: string, name: string, key: string, seen = new Set<string>()): Promise<SourcePlace | undefined> {
  if (seen.has(dir)) return undefined;
  seen.add(dir);
  const file = path.posix.join(dir, 'kustomization.yaml');
  let text: string;
  try {
    text = await readFile(path.join(root, file), 'utf8');
  } catch {
    return undefined;
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const generators = doc.get('configMapGenerator');
  for (const generator of isSeq(generators) ? generators.items : []) {
    const literals = isMap(generator) && generator.get('name') === name ? generator.get('literals') : undefined;
    for (const literal of isSeq(literals) ? literals.items : []) {
      if (!isScalar(literal) || !String(literal.value).startsWith(`${key}=`) || !literal.range) continue;
      const { line, col } = lineCounter.linePos(literal.range[0]);
      return { file, line, column: col };
    }
  }
  const resources = doc.get('resources');
  for (const resource of isSeq(resources) ? resources.items : []) {
    if (!isScalar(resource)) continue;
    const found = await findGeneratorLiteral(root, path.posix.normalize(path.posix.join(dir, String(resource.value))), name, key, seen);
    if (found) return found;
  }
  return undefined;
}
