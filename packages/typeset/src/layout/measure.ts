import { OaError, type FontRole } from '@oa/shared';
import { fontRoleNames } from '../fonts/roles';

/** Advance of a character in a role's font, in 1/1000 em; undefined when the font lacks it. */
export type AdvanceLookup = (role: FontRole, codePoint: number) => number | undefined;

/** Names the font of each role, for error messages. */
export type FontNames = Record<FontRole, string>;

/** What the layout needs of the fonts: advances, and names for messages. */
export interface Metrics {
  advance: AdvanceLookup;
  fontNames: FontNames;
}

/** A full-width glyph (ideograph, full-width punctuation) takes one grid cell. */
const fullWidthThreshold = 900;

/** Width of `ch` at `size` in points, where a full-width glyph takes exactly `cell`. */
export function charWidth(metrics: Metrics, role: FontRole, size: number, cell: number, ch: string): number {
  const codePoint = ch.codePointAt(0)!;
  const advance = metrics.advance(role, codePoint);
  if (advance === undefined) {
    const hex = codePoint.toString(16).toUpperCase().padStart(4, '0');
    throw new OaError(
      'GLYPH_MISSING',
      {
        zh: `字体“${metrics.fontNames[role]}”（${fontRoleNames[role].zh}）中没有字符“${ch}”（U+${hex}），请换用包含该字的字体或修改文字。`,
        en: `The font "${metrics.fontNames[role]}" (${fontRoleNames[role].en}) has no glyph for "${ch}" (U+${hex}); use a font that has it or change the text.`,
      },
      { character: ch, codePoint: `U+${hex}`, role, font: metrics.fontNames[role] },
    );
  }
  return advance >= fullWidthThreshold ? cell : (advance * size) / 1000;
}

export function isFullWidth(metrics: Metrics, role: FontRole, ch: string): boolean {
  return (metrics.advance(role, ch.codePointAt(0)!) ?? 0) >= fullWidthThreshold;
}
