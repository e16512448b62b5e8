import type { FontRole } from '@oa/shared';
import { compressiblePunctuation, isClosing, isOpening, wordCharacter, wordJoiner } from './chars';
import { charWidth, isFullWidth, type Metrics } from './measure';

/** A glyph inside a line: its offset from the line start and the width it occupies. */
export interface LineGlyph {
  ch: string;
  x: number;
  width: number;
  /** A closing mark that gave up width: drawn with a half-width advance. */
  narrow?: boolean;
}

export interface BrokenLine {
  glyphs: LineGlyph[];
  /** Width from the first glyph's left to the last glyph's right edge. */
  width: number;
  /** Offset of the line start (indent) in points. */
  indent: number;
}

interface Glyph {
  ch: string;
  width: number;
  /** How much width the glyph may give up (half a full-width punctuation mark). */
  squeezable: number;
  opening: boolean;
  /** Whether extra space may go after this glyph when the line is justified. */
  stretchAfter: boolean;
}

/** Glyphs that must stay on one line: a character with its attached punctuation, or a word. */
type Cluster = Glyph[];

export interface TextStyle {
  role: FontRole;
  size: number;
  /** Width of a full-width glyph: the grid cell for body text, the size elsewhere. */
  cell: number;
}

function makeGlyph(metrics: Metrics, style: TextStyle, c: string, stretchAfter: boolean): Glyph {
  const width = charWidth(metrics, style.role, style.size, style.cell, c);
  const squeezable = compressiblePunctuation.has(c) && isFullWidth(metrics, style.role, c) ? width / 2 : 0;
  return { ch: c, width, squeezable, opening: isOpening(c), stretchAfter };
}

function toGlyphs(metrics: Metrics, style: TextStyle, text: string): Glyph[][] {
  const chars = [...text];
  const units: Glyph[][] = [];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (wordCharacter.test(ch)) {
      const word: Glyph[] = [];
      let j = i;
      while (
        j < chars.length &&
        (wordCharacter.test(chars[j]!) ||
          (wordJoiner.test(chars[j]!) && j + 1 < chars.length && wordCharacter.test(chars[j + 1]!)) ||
          (chars[j] === '%' && j > i))
      ) {
        word.push(makeGlyph(metrics, style, chars[j]!, false));
        j++;
      }
      word[word.length - 1]!.stretchAfter = true;
      units.push(word);
      i = j - 1;
    } else {
      units.push([makeGlyph(metrics, style, ch, true)]);
    }
  }
  return units;
}

/** Joins units into clusters: closing punctuation sticks to what precedes, opening to what follows. */
function toClusters(units: Glyph[][]): Cluster[] {
  const clusters: Cluster[] = [];
  let pendingOpen: Glyph[] = [];
  for (const unit of units) {
    const first = unit[0]!;
    const last = clusters[clusters.length - 1];
    // Closing marks and spaces never start a line: they stay with what precedes them.
    if ((isClosing(first.ch) || /\s/u.test(first.ch)) && last && pendingOpen.length === 0) {
      last.push(...unit);
    } else if (unit.length === 1 && first.opening) {
      pendingOpen.push(first);
    } else {
      clusters.push([...pendingOpen, ...unit]);
      pendingOpen = [];
    }
  }
  if (pendingOpen.length > 0) clusters.push(pendingOpen);
  return clusters;
}

const epsilon = 0.01;
const sum = (glyphs: readonly Glyph[], pick: (g: Glyph) => number) => glyphs.reduce((total, g) => total + pick(g), 0);

/** Positions the glyphs of a line: squeezing punctuation by `squeeze`, or spreading to `justifyTo`. */
function setLine(glyphs: Glyph[], indent: number, squeeze: number, justifyTo: number | undefined): BrokenLine {
  const widths = glyphs.map((g) => g.width);
  const shifts = glyphs.map(() => 0);
  const narrow = glyphs.map(() => false);
  // Every squeezable mark gives up the same share, so the line keeps an even rhythm.
  // An opening mark that starts the line keeps its width, so the line starts on the margin.
  const canSqueeze = (g: Glyph, i: number) => (i === 0 && g.opening ? 0 : g.squeezable);
  const squeezable = glyphs.reduce((total, g, i) => total + canSqueeze(g, i), 0);
  const share = squeezable > 0 ? Math.min(1, squeeze / squeezable) : 0;
  glyphs.forEach((g, i) => {
    const give = canSqueeze(g, i) * share;
    if (give <= 0) return;
    widths[i]! -= give;
    if (g.opening) shifts[i] = -give;
    else narrow[i] = true;
  });
  const natural = widths.reduce((a, b) => a + b, 0);
  const gaps = glyphs.slice(0, -1).filter((g) => g.stretchAfter).length;
  const extra = justifyTo !== undefined && gaps > 0 && natural < justifyTo ? (justifyTo - natural) / gaps : 0;
  const out: LineGlyph[] = [];
  let x = 0;
  glyphs.forEach((g, i) => {
    out.push({ ch: g.ch, x: x + shifts[i]!, width: widths[i]!, ...(narrow[i] ? { narrow: true } : {}) });
    x += widths[i]! + (i < glyphs.length - 1 && g.stretchAfter ? extra : 0);
  });
  return { glyphs: out, width: x, indent };
}

export interface BreakOptions {
  /** Available width of every line. */
  width: number;
  /** Indent of the first line and of the following lines. */
  firstIndent?: number;
  restIndent?: number;
  /** Justify all but the last line to the full width (default true). */
  justify?: boolean;
}

/**
 * Breaks text into lines (greedy, like a typewriter on the grid): no line starts with closing
 * or ends with opening punctuation, words and numbers stay whole; when the next cluster
 * almost fits, full-width punctuation in the line gives up half its width; otherwise the
 * line is justified to the full width.
 */
export function breakLines(metrics: Metrics, style: TextStyle, text: string, options: BreakOptions): BrokenLine[] {
  const clusters = toClusters(toGlyphs(metrics, style, text));
  const lines: BrokenLine[] = [];
  const firstIndent = options.firstIndent ?? 0;
  const restIndent = options.restIndent ?? 0;
  const justify = options.justify ?? true;
  let current: Glyph[] = [];
  let currentWidth = 0;
  const capacity = () => options.width - (lines.length === 0 ? firstIndent : restIndent);
  const indent = () => (lines.length === 0 ? firstIndent : restIndent);
  const finish = (squeeze: number, justified: boolean) => {
    lines.push(setLine(current, indent(), squeeze, justified && justify ? capacity() : undefined));
    current = [];
    currentWidth = 0;
  };
  for (const cluster of clusters) {
    const width = sum(cluster, (g) => g.width);
    if (currentWidth + width <= capacity() + epsilon) {
      current.push(...cluster);
      currentWidth += width;
      continue;
    }
    const squeezable = [...current, ...cluster].reduce((t, g, i) => t + (i === 0 && g.opening ? 0 : g.squeezable), 0);
    if (current.length > 0 && currentWidth + width - squeezable <= capacity() + epsilon) {
      current.push(...cluster);
      finish(currentWidth + width - capacity(), false);
      continue;
    }
    if (current.length > 0) finish(0, true);
    if (width <= capacity() + epsilon) {
      current.push(...cluster);
      currentWidth = width;
      continue;
    }
    // A word longer than the line: split it where it must.
    for (const glyph of cluster) {
      if (currentWidth + glyph.width > capacity() + epsilon && current.length > 0) finish(0, false);
      current.push(glyph);
      currentWidth += glyph.width;
    }
  }
  if (current.length > 0 || lines.length === 0) finish(0, false);
  return lines;
}

/** Natural width of a text without breaking (for centred and right-aligned lines). */
export function setText(metrics: Metrics, style: TextStyle, text: string): BrokenLine {
  const glyphs = toClusters(toGlyphs(metrics, style, text)).flat();
  return setLine(glyphs, 0, 0, undefined);
}

/** Clusters with their widths, for the balanced title breaker. */
export function clustersOf(metrics: Metrics, style: TextStyle, text: string): { text: string; width: number }[] {
  return toClusters(toGlyphs(metrics, style, text)).map((c) => ({
    text: c.map((g) => g.ch).join(''),
    width: sum(c, (g) => g.width),
  }));
}
