// The leak scanner (design §7): `scanTree` for the build's gate and `galley leak-scan`,
// `scanText` for pages held in memory (the docs generator).
export { scanTree, type ScanTreeOptions } from './scan-tree.ts';
export { scanText, fingerprint, type AllowEntry, type ScanTextOptions } from './scan-text.ts';
export { formatSarif } from './format-sarif.ts';
export { traceToSources } from './trace-sources.ts';
export { rules } from './rules/index.ts';
