import { clustersOf, setText, type BrokenLine, type TextStyle } from './line-break';
import type { Metrics } from './measure';

/**
 * Where a title line may well end or start (标题回行: keep words whole, shape the lines as
 * a trapezoid or diamond). Scores are penalties in units of a squared character.
 */
const goodBreakBefore = ['关于', '的通知', '的决定', '的意见', '的报告', '的请示', '的批复', '的函'];
const goodBreakAfter = ['关于', '印发', '转发', '批转', '公布'];
const badStart = /^[的了和与及之于]/;

/** Penalty for breaking inside a word (ICU's dictionary word boundaries for Chinese). */
const insideWord = 12;

/** Word boundaries, minus those inside the phrases to keep whole (agency names). */
function wordBoundaries(text: string, keepWhole: readonly string[]): Set<number> {
  const boundaries = new Set<number>();
  for (const segment of new Intl.Segmenter('zh', { granularity: 'word' }).segment(text)) boundaries.add(segment.index);
  for (const phrase of keepWhole) {
    for (let at = text.indexOf(phrase); at >= 0; at = text.indexOf(phrase, at + 1)) {
      for (let i = at + 1; i < at + phrase.length; i++) boundaries.delete(i);
    }
  }
  return boundaries;
}

function breakPenalty(before: string, after: string, boundaries: ReadonlySet<number>): number {
  if (!boundaries.has(before.length) || (/\d$/.test(before) && /^[年月日号%]/.test(after))) return insideWord;
  if (goodBreakBefore.some((w) => after.startsWith(w))) return -2;
  if (goodBreakAfter.some((w) => before.endsWith(w))) return -2;
  if (badStart.test(after)) return 6;
  // Inside brackets or a book title (（2026—2028年）, 《…》) a break reads badly.
  const open = (before.match(/[（《〔【“]/g) ?? []).length - (before.match(/[）》〕】”]/g) ?? []).length;
  if (open > 0) return 6;
  return 1;
}

/**
 * Breaks a title into the fewest lines that fit, with line lengths as even as possible (a
 * trapezoid or diamond once centred), preferring breaks between words and around 关于.
 */
export function balanceTitle(
  metrics: Metrics,
  style: TextStyle,
  text: string,
  width: number,
  keepWhole: readonly string[] = [],
): BrokenLine[] {
  const clusters = clustersOf(metrics, style, text);
  const boundaries = wordBoundaries(text, keepWhole);
  const total = clusters.reduce((a, c) => a + c.width, 0);
  if (total <= width + 0.01) return [setText(metrics, style, text)];
  const n = clusters.length;
  const prefix = [0];
  for (const c of clusters) prefix.push(prefix[prefix.length - 1]! + c.width);
  const joined = (from: number, to: number) =>
    clusters
      .slice(from, to)
      .map((c) => c.text)
      .join('');
  for (let lineCount = Math.ceil(total / width); lineCount <= n; lineCount++) {
    const target = total / lineCount;
    // best[k][i]: least cost of breaking clusters[0..i) into k lines; from[k][i]: last break.
    const best: number[][] = Array.from({ length: lineCount + 1 }, () => new Array<number>(n + 1).fill(Infinity));
    const from: number[][] = Array.from({ length: lineCount + 1 }, () => new Array<number>(n + 1).fill(-1));
    best[0]![0] = 0;
    for (let k = 1; k <= lineCount; k++) {
      for (let i = 1; i <= n; i++) {
        for (let j = k - 1; j < i; j++) {
          const prev = best[k - 1]![j]!;
          if (prev === Infinity) continue;
          const lineWidth = prefix[i]! - prefix[j]!;
          if (lineWidth > width + 0.01) continue;
          const deviation = (lineWidth - target) / style.cell;
          let cost = prev + deviation * deviation;
          if (j > 0) cost += breakPenalty(joined(0, j), joined(j, n), boundaries);
          if (cost < best[k]![i]!) {
            best[k]![i] = cost;
            from[k]![i] = j;
          }
        }
      }
    }
    if (best[lineCount]![n] === Infinity) continue;
    const ends: number[] = [];
    for (let k = lineCount, i = n; k > 0; k--) {
      ends.unshift(i);
      i = from[k]![i]!;
    }
    let start = 0;
    return ends.map((end) => {
      const line = setText(metrics, style, joined(start, end));
      start = end;
      return line;
    });
  }
  return [setText(metrics, style, text)];
}
