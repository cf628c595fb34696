import { codeFingerprint } from '../cache/code-fingerprint.ts';
import type { AllowEntry } from '../leak/scan-text.ts';
import { sha256 } from '../output/manifest.ts';

/**
 * The key a file's leak findings are kept under: they depend only on its path and bytes, the
 * allow list and the scanner. The gate looks findings up by it; an entry page's findings are
 * put there as soon as its worker has scanned it.
 */
export function leakMemoKey(allow: readonly AllowEntry[], rel: string, fileSha256: string): string {
  return sha256(`${codeFingerprint()}\0${JSON.stringify(allow)}\0${rel}\0${fileSha256}`);
}
