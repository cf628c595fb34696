import { brotliDecompressSync, gunzipSync } from 'node:zlib';

export type FileText =
  | { kind: 'text'; text: string; decompressed: boolean }
  | { kind: 'binary' }
  | { kind: 'unreadable'; reason: string };

// Like git: a NUL byte in the first 8,000 bytes means images, fonts and other binaries.
const SNIFF = 8000;

/** The text a person sees when opening the file: `.gz`/`.br` decompressed, binaries skipped. */
export function readFileText(path: string, bytes: Uint8Array): FileText {
  let data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const compression = /\.(gz|br)$/i.exec(path)?.[1]?.toLowerCase();
  if (compression) {
    try {
      data = compression === 'gz' ? gunzipSync(data) : brotliDecompressSync(data);
    } catch {
      // zlib's message names the failure only, never the content.
      return { kind: 'unreadable', reason: compression === 'gz' ? 'gzip' : 'brotli' };
    }
  }
  if (data.subarray(0, SNIFF).includes(0)) return { kind: 'binary' };
  return { kind: 'text', text: data.toString('utf8'), decompressed: compression !== undefined };
}
