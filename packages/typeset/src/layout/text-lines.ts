import type { FontRole } from '@oa/shared';
import { gbt9704, geometry } from '../gbt9704';
import { breakLines, setText, type BrokenLine, type TextStyle } from './line-break';
import type { Metrics } from './measure';
import type { FlowLine, Rgb, Run } from './page-model';

/** 3号 text on the 28-character grid. */
export function gridStyle(role: FontRole): TextStyle {
  return { role, size: gbt9704.size.hao3, cell: geometry.cell };
}

/** Text at its natural size (2号 title, 4号 版记, header). */
export function naturalStyle(role: FontRole, size: number): TextStyle {
  return { role, size, cell: size };
}

export function runOf(line: BrokenLine, style: TextStyle, x: number, color?: Rgb): Run {
  return { role: style.role, size: style.size, x: x + line.indent, glyphs: line.glyphs, ...(color ? { color } : {}) };
}

/** A paragraph on the grid: first line indented `indent` cells, wrapped lines flush left. */
export function paragraph(metrics: Metrics, style: TextStyle, text: string, indent = 2): FlowLine[] {
  const lines = breakLines(metrics, style, text, { width: geometry.width, firstIndent: indent * style.cell });
  return lines.map((line) => ({ runs: [runOf(line, style, geometry.left)] }));
}

/** Lines with a label (`抄送：`, `出席：`) whose wrapped lines align after the label. */
export function labelled(
  metrics: Metrics,
  labelStyle: TextStyle,
  label: string,
  style: TextStyle,
  text: string,
  options: { left: number; width: number },
): FlowLine[] {
  const labelLine = setText(metrics, labelStyle, label);
  const lines = breakLines(metrics, style, text, {
    width: options.width,
    firstIndent: labelLine.width,
    restIndent: labelLine.width,
  });
  return lines.map((line, i) => ({
    runs: [...(i === 0 ? [runOf(labelLine, labelStyle, options.left)] : []), runOf(line, style, options.left)],
  }));
}

export function centred(metrics: Metrics, style: TextStyle, text: string, color?: Rgb): FlowLine {
  const line = setText(metrics, style, text);
  return { runs: [runOf(line, style, geometry.left + (geometry.width - line.width) / 2, color)] };
}

/** A line flush left, `indent` cells in. */
export function flushLeft(metrics: Metrics, style: TextStyle, text: string, indent = 0): FlowLine {
  return { runs: [runOf(setText(metrics, style, text), style, geometry.left + indent * style.cell)] };
}

/** A line flush right, `gap` cells in from the right edge of the type area. */
export function flushRight(metrics: Metrics, style: TextStyle, text: string, gap = 0): FlowLine {
  const line = setText(metrics, style, text);
  return { runs: [runOf(line, style, geometry.right - gap * style.cell - line.width)] };
}
