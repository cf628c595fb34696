import { parseAllDocuments } from 'yaml';

/**
 * The values of a YAML string embedded in a manifest (a `patch: |` block): a second parse pass,
 * multi-document, aliases expanded. Documents that fail to parse are dropped; a patch that does
 * not parse would fail in kustomize too, and the file holding it has already been reported on.
 */
export function parseYamlValues(text: string): unknown[] {
  const parsed = parseAllDocuments(text);
  const docs = Array.isArray(parsed) ? parsed : [];
  return docs.filter((d) => d.errors.length === 0 && !d.has('sops')).map((d) => d.toJS({ maxAliasCount: -1 }) as unknown);
}
