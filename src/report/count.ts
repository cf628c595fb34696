/** `1 host`, `2 hosts`, `0 casks`: a number with its noun in the right number. */
export function count(n: number, noun: string, nouns = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : nouns}`;
}
