// The `unidecode` package ships no types: one function from a string to its ASCII spelling.
declare module 'unidecode' {
  export default function unidecode(text: string): string;
}
