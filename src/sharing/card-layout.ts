import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { sha256 } from '../output/manifest.ts';

const require = createRequire(import.meta.url);

/** The text a card shows; every part of it is on the page it stands for (the leak gate reads it there). */
export interface CardText {
  title: string;
  /** The entry's subtitle, else its summary; a page's subtitle, else its description. */
  subtitle?: string | undefined;
  date?: string | undefined;
  siteName: string;
}

/** A card to draw: its output path (named by the hash of everything that decides its bytes) and its text. */
export interface CardSpec {
  path: string;
  key: string;
  text: CardText;
}

/** A satori element: the object form of JSX, without React. */
export interface CardNode {
  type: 'div';
  props: { style: Record<string, string | number>; children?: string | CardNode[] };
}

export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;
// The site's palette (templates/assets/site.css, light) and Noto Serif, one of its text fonts.
const INK = '#1d1d1b';
const MUTED = '#5d5a54';
const PAPER = '#fbfaf7';
const ACCENT = '#8a3b12';

/** The Noto Serif subsets a card may need, each a font of its own so satori falls back glyph by glyph. */
export const FONT_SUBSETS = ['latin', 'latin-ext', 'greek', 'cyrillic', 'vietnamese'] as const;
export const FONT_PACKAGE = '@fontsource/noto-serif';
const FONT_FAMILY = FONT_SUBSETS.map((s) => `Noto Serif ${s}`).join(', ');

const div = (style: Record<string, string | number>, children?: string | CardNode[]): CardNode => ({ type: 'div', props: { style, ...(children === undefined ? {} : { children }) } });

/** The card as satori draws it: title (bold, up to three lines), subtitle (two), then site name and date. */
export function cardTree(text: CardText): CardNode {
  const footer = [div({ display: 'flex' }, text.siteName), ...(text.date ? [div({ display: 'flex' }, text.date.slice(0, 10))] : [])];
  return div(
    { width: CARD_WIDTH, height: CARD_HEIGHT, display: 'flex', flexDirection: 'column', justifyContent: 'space-between', boxSizing: 'border-box', padding: '64px 72px', background: PAPER, color: INK, fontFamily: FONT_FAMILY, borderTop: `16px solid ${ACCENT}` },
    [
      div({ display: 'flex', flexDirection: 'column' }, [
        div({ display: 'block', fontSize: 64, fontWeight: 700, lineHeight: 1.15, lineClamp: 3 }, text.title),
        ...(text.subtitle ? [div({ display: 'block', fontSize: 34, lineHeight: 1.3, color: MUTED, marginTop: 28, lineClamp: 2 }, text.subtitle)] : []),
      ]),
      div({ display: 'flex', justifyContent: 'space-between', fontSize: 28, color: ACCENT, borderTop: `2px solid ${MUTED}`, paddingTop: 20 }, footer),
    ],
  );
}

let renderer: string | undefined;
/** The versions of the renderer and the font: a new one may draw other bytes, so it is part of every card's name. */
function rendererVersion(): string {
  if (renderer) return renderer;
  renderer = ['satori', '@resvg/resvg-js', FONT_PACKAGE].map((dep) => `${dep}@${(require(`${dep}/package.json`) as { version: string }).version}`).join(' ');
  return renderer;
}

/**
 * Where the card of `text` goes: `assets/cards/<stem>.<hash>.png`, the hash of its tree and the
 * renderer's versions. The same name always holds the same bytes, so nginx may serve it
 * immutable, and the page naming it can be rendered before the card is drawn.
 */
export function cardSpec(stem: string, text: CardText): CardSpec {
  const key = sha256(`${rendererVersion()}\0${JSON.stringify(cardTree(text))}`);
  return { path: `assets/cards/${stem.replaceAll('/', '-') || 'site'}.${key.slice(0, 8)}.png`, key, text };
}

/** The font files a card is drawn with. */
export function cardFonts(): { name: string; data: Buffer; weight: 400 | 700; style: 'normal' }[] {
  return FONT_SUBSETS.flatMap((subset) =>
    ([400, 700] as const).map((weight) => ({ name: `Noto Serif ${subset}`, data: readFileSync(require.resolve(`${FONT_PACKAGE}/files/noto-serif-${subset}-${weight}-normal.woff`)), weight, style: 'normal' as const })),
  );
}
