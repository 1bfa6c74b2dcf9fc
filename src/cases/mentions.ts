/**
 * Mentions are "@" followed by an e-mail address: "@anna@example.com can you call them?".
 * E-mail rather than a display name because it is unique and what people already type.
 * The "@" must not be glued to a word, so a plain address in the text is not a mention.
 */
const MENTION = /(?<![\p{L}\p{N}._%+-])@([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})/gu;

/** The distinct e-mail addresses mentioned, lower-cased, in order of first appearance. */
export function mentionedEmails(body: string): string[] {
  const found = new Set<string>();
  for (const match of body.matchAll(MENTION)) found.add(match[1]!.toLowerCase().replace(/\.+$/, ''));
  return [...found];
}
