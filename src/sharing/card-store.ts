import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeAtomic } from '../cache/build-cache.ts';
import type { CardSpec } from './card-layout.ts';

/**
 * Drawn cards by their key, under `.galley/cache/cards/`: a card is drawn once for its text and
 * renderer, whatever else changes (a galley upgrade that leaves the card's tree alone keeps it).
 * Without a directory (`--no-cache`) every card is drawn. `drawn` counts the cards this store drew.
 */
export class CardStore {
  drawn = 0;

  constructor(private readonly dir: string | undefined) {}

  async get(card: CardSpec): Promise<Uint8Array> {
    const file = this.dir && path.join(this.dir, `${card.key}.png`);
    const kept = file && (await readFile(file).catch(() => undefined));
    if (kept) return kept;
    // Loaded on demand: a build whose cards are all drawn never loads satori or resvg.
    const { drawCard } = await import('./draw-card.ts');
    const bytes = await drawCard(card.text);
    this.drawn += 1;
    // A card that cannot be kept is drawn again next time.
    if (file) await writeAtomic(file, bytes);
    return bytes;
  }
}
