// The leak scanner (design §7): `scanFiles` for the build's gate, `scanTree` for `galley leak-scan`,
// `scanText` for pages held in memory (the docs generator).
export { scanFiles, scanTree, type ScanFilesOptions, type ScanTreeOptions } from './scan-tree.ts';
export { scanText, fingerprint, type AllowEntry, type ScanTextOptions } from './scan-text.ts';
export { formatSarif } from './format-sarif.ts';
export { rules } from './rules/index.ts';
