/** Width and height from a PNG's IHDR chunk (PNG spec §11.2.2), after checking the signature. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const signature = [137, 80, 78, 71, 13, 10, 26, 10];
  if (!signature.every((b, i) => bytes[i] === b) || String.fromCharCode(...bytes.slice(12, 16)) !== 'IHDR') throw new Error('Unexpected bytes, expected a PNG');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** The chunk types of a PNG in order: a deterministic card has no tIME or tEXt among them. */
export function pngChunks(bytes: Uint8Array): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const types: string[] = [];
  for (let at = 8; at + 8 <= bytes.length; at += 12 + view.getUint32(at)) types.push(String.fromCharCode(...bytes.slice(at + 4, at + 8)));
  return types;
}
