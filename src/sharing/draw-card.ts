import { Resvg } from '@resvg/resvg-js';
import satori from 'satori';
import { CARD_HEIGHT, CARD_WIDTH, cardFonts, cardTree, type CardText } from './card-layout.ts';

let fonts: ReturnType<typeof cardFonts> | undefined;

/**
 * The card as a PNG: satori lays the text out with the shipped font into SVG paths, resvg
 * rasterizes them without any system font. Neither writes a time or text chunk: the same text
 * gives the same bytes on every machine.
 */
export async function drawCard(text: CardText): Promise<Uint8Array> {
  fonts ??= cardFonts();
  // satori types its input as React elements; the object form is what JSX compiles to.
  const svg = await satori(cardTree(text) as unknown as Parameters<typeof satori>[0], { width: CARD_WIDTH, height: CARD_HEIGHT, fonts });
  return new Resvg(svg, { fitTo: { mode: 'original' }, font: { loadSystemFonts: false } }).render().asPng();
}
