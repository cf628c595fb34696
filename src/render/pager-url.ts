/** The address of page `n` of a listing at `base`: the first is the listing itself, then Zola's default `page/N/`. */
export function pagerUrl(base: string, n: number): string {
  return n === 1 ? base : `${base}page/${n}/`;
}
