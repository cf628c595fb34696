import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

export const PINS_FILE = 'pins.json';

/** One vendored file: where it came from and the sha384 its bytes (and the page's SRI) must have. */
export const pinSchema = z.strictObject({
  name: z.string().min(1),
  version: z.string().min(1),
  source: z.string().min(1),
  sha384: z.string().regex(/^sha384-[A-Za-z0-9+/]{64}$/, 'expected `sha384-` and 64 base64 characters'),
});
export type Pin = z.infer<typeof pinSchema>;

/** `vendor/pins.json`: file name inside `vendor/` → its pin. */
export const pinsSchema = z.strictObject({ files: z.record(z.string(), pinSchema) });
export type Pins = z.infer<typeof pinsSchema>;

/** The SRI value of some bytes, as `integrity` wants it. */
export function sri384(bytes: Uint8Array): string {
  return `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
}

export async function readPinsText(vendorDir: string): Promise<string | undefined> {
  try {
    return await readFile(path.join(vendorDir, PINS_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
