// The part of snowball-stemmers' API the assistant uses (the package ships no types).
declare module 'snowball-stemmers' {
  export function newStemmer(algorithm: string): { stem(word: string): string };
}
