import { gbt9704, geometry, mmToPt } from '../gbt9704';
import { setText } from './line-break';
import type { Metrics } from './measure';
import type { PlacedRun } from './page-model';
import { naturalStyle } from './text-lines';

const size = gbt9704.size.hao4;
const style = naturalStyle('songti', size);

/**
 * 页码 `— N —`: 4号 half-width 宋体 numerals with a dash each side, the dashes 7 mm below the
 * type area; odd pages one character in from the right, even pages one in from the left.
 */
export function pageNumberRun(metrics: Metrics, pageNumber: number): PlacedRun {
  const dash = setText(metrics, style, '—');
  const digits = setText(metrics, style, String(pageNumber));
  const gap = size * 0.3;
  const glyphs = [
    ...dash.glyphs,
    ...digits.glyphs.map((g) => ({ ...g, x: g.x + dash.width + gap })),
    ...dash.glyphs.map((g) => ({ ...g, x: g.x + dash.width + 2 * gap + digits.width })),
  ];
  const width = 2 * dash.width + 2 * gap + digits.width;
  const x = pageNumber % 2 === 1 ? geometry.right - size - width : geometry.left + size;
  const centre = geometry.bottom - mmToPt(gbt9704.pageNumberBelow);
  return { role: 'songti', size, x, glyphs, baseline: centre - 0.38 * size };
}
