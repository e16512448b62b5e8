/**
 * Character classes for Chinese line breaking (GB/T 15834 punctuation, 避头尾 rules):
 * closing punctuation never starts a line, opening punctuation never ends one.
 */
export const closingPunctuation = new Set([...'，。、；：？！）》」』”’〕】〉〗…—%‰·．,.;:?!)]}']);
export const openingPunctuation = new Set([...'（《「『“‘〔【〈〖([{']);

/** Full-width punctuation whose glyph fills half its box, so it can give up half its width. */
export const compressiblePunctuation = new Set([...'，。、；：？！（）《》「」『』“”‘’〔〕【】〈〉']);

/** Characters that stay together in a Latin word or a number (`2026`, `3.5%`, `GB/T`). */
export const wordCharacter = /[A-Za-z0-9]/;
export const wordJoiner = /[.\-/:%_]/;

export function isClosing(ch: string): boolean {
  return closingPunctuation.has(ch);
}

export function isOpening(ch: string): boolean {
  return openingPunctuation.has(ch);
}
