/**
 * Percent-decoding for values taken from URIs, undefined when the encoding is broken.
 * decodeURIComponent keeps "+" as "+", which GS1 values need (it is in character set 82),
 * unlike URLSearchParams, which would turn it into a space.
 */
export function percentDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
