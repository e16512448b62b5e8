import { formatChineseDate, parseDocumentDate, recipientName, type GongwenDocument } from '@oa/shared';
import { gbt9704, geometry } from '../gbt9704';
import { closingRuleWidth, type Composer } from './composer';
import { setText } from './line-break';
import type { Metrics } from './measure';
import type { FlowLine } from './page-model';
import { labelled, naturalStyle, runOf } from './text-lines';

const style = naturalStyle('fangsong', gbt9704.size.hao4);
const inset = gbt9704.size.hao4;

/**
 * 版记 at the bottom of the last page's type area: 抄送 (4号, one character in on each side,
 * wrapped lines aligned after the colon, ending with 。), then 印发机关 and 印发日期, with a thick
 * line above the first row, thin lines between rows and a thick line on the bottom edge.
 * The letter format has only 抄送 and no lines.
 */
export function layoutClosing(metrics: Metrics, doc: GongwenDocument, composer: Composer, letter: boolean): void {
  const rows: FlowLine[] = [];
  const rules: { line: number; width: number }[] = [];
  if (doc.cc.length > 0) {
    const names = doc.cc.map(recipientName).join('，');
    rows.push(
      ...labelled(metrics, style, '抄送：', style, names.endsWith('。') ? names : `${names}。`, {
        left: geometry.left + inset,
        width: geometry.width - 2 * inset,
      }),
    );
  }
  const printing = letter ? undefined : doc.printing;
  if (printing) {
    if (rows.length > 0) rules.push({ line: rows.length, width: closingRuleWidth.thin });
    const parsed = parseDocumentDate(printing.date);
    const dateText = `${parsed.ok ? formatChineseDate(parsed.date) : printing.date}印发`;
    const date = setText(metrics, style, dateText);
    rows.push({
      runs: [
        runOf(setText(metrics, style, printing.by), style, geometry.left + inset),
        runOf(date, style, geometry.right - inset - date.width),
      ],
    });
  }
  if (rows.length === 0) return;
  if (!letter)
    rules.push({ line: 0, width: closingRuleWidth.thick }, { line: rows.length, width: closingRuleWidth.thick });
  composer.placeAtBottom(rows, rules);
}
