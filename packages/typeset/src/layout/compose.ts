import { documentFacts, headingStyles, recipientName, type GongwenDocument } from '@oa/shared';
import { gbt9704, geometry } from '../gbt9704';
import { layoutClosing } from './closing';
import { Composer, type ResolvedSeal } from './composer';
import { layoutHeadZone } from './head-zone';
import { setText } from './line-break';
import type { Metrics } from './measure';
import { pageNumberRun } from './page-numbers';
import type { PageLayout } from './page-model';
import { signatureBlock } from './signature';
import { gridStyle, labelled, naturalStyle, paragraph, runOf } from './text-lines';
import { balanceTitle } from './title';

export interface DocumentLayout {
  pages: PageLayout[];
  seals: ResolvedSeal[];
}

type BodyBlocks = GongwenDocument['body'];

/**
 * Paragraph text as set: line breaks and tabs inside a paragraph join its lines (Chinese puts no
 * space there), zero-width and byte-order marks go, other runs of spaces become one.
 */
export function normaliseText(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, '')
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/ {2,}/g, ' ')
    .trim();
}

function placeBody(metrics: Metrics, composer: Composer, blocks: BodyBlocks): void {
  for (const block of blocks) {
    const role = block.type === 'heading' ? headingStyles[block.level].font : 'fangsong';
    const text = normaliseText(block.text);
    if (text === '') continue;
    for (const line of paragraph(metrics, gridStyle(role), text)) composer.place(line);
  }
}

function placeTitle(metrics: Metrics, composer: Composer, title: string, keepWhole: readonly string[] = []): void {
  const style = naturalStyle('xiaobiaosong', gbt9704.size.hao2);
  for (const line of balanceTitle(metrics, style, title, geometry.width, keepWhole)) {
    composer.place({ runs: [runOf(line, style, geometry.left + (geometry.width - line.width) / 2)] });
  }
}

/** 附件说明: `附件：1. 名称`, later items aligned under the first number, wrapped lines under the name. */
function placeAttachmentNote(metrics: Metrics, composer: Composer, doc: GongwenDocument): void {
  if (doc.attachments.length === 0) return;
  const style = gridStyle('fangsong');
  const label = '附件：';
  const labelWidth = setText(metrics, style, label).width;
  const left = geometry.left + 2 * geometry.cell;
  composer.skip(1);
  doc.attachments.forEach((attachment, i) => {
    const numbered = doc.attachments.length > 1 ? `${i + 1}. ` : '';
    const lines = labelled(metrics, style, numbered, style, attachment.title, {
      left: left + labelWidth,
      width: geometry.width - 2 * geometry.cell - labelWidth,
    });
    if (i === 0) lines[0]!.runs.unshift(runOf(setText(metrics, style, label), style, left));
    for (const line of lines) composer.place(line);
  });
}

/** 纪要: 出席, 请假, 列席 with 黑体 labels, names aligned after the colon. */
function placeAttendance(metrics: Metrics, composer: Composer, doc: GongwenDocument): void {
  const minutes = doc.minutes;
  if (!minutes) return;
  const groups = [
    ['出席：', minutes.present],
    ['请假：', minutes.onLeave],
    ['列席：', minutes.observers],
  ] as const;
  let first = true;
  for (const [label, names] of groups) {
    if (names.length === 0) continue;
    if (first) composer.skip(1);
    first = false;
    const lines = labelled(metrics, gridStyle('heiti'), label, gridStyle('fangsong'), names.join('，'), {
      left: geometry.left + 2 * geometry.cell,
      width: geometry.width - 2 * geometry.cell,
    });
    for (const line of lines) composer.place(line);
  }
}

/** Each attachment with content on new pages: `附件N` (黑体) on line 1, its title centred on line 3. */
function placeAttachments(metrics: Metrics, composer: Composer, doc: GongwenDocument): void {
  doc.attachments.forEach((attachment, i) => {
    if (!attachment.body || attachment.body.length === 0) return;
    composer.newPage();
    const label = doc.attachments.length > 1 ? `附件${i + 1}` : '附件';
    composer.place({ runs: [runOf(setText(metrics, gridStyle('heiti'), label), gridStyle('heiti'), geometry.left)] });
    composer.skip(1);
    placeTitle(metrics, composer, normaliseText(attachment.title));
    composer.skip(1);
    placeBody(metrics, composer, attachment.body);
  });
}

/**
 * Lays out a whole document on the GB/T 9704 grid: heading zone, title, 主送机关, body, 附件说明,
 * signature with seal areas, attachments, 版记 and page numbers.
 */
export function layoutDocument(doc: GongwenDocument, metrics: Metrics): DocumentLayout {
  const { format } = documentFacts(doc);
  const composer = new Composer();
  const { printTitle } = layoutHeadZone(metrics, doc, composer);
  composer.page.tightenFrom = composer.cursor;
  if (printTitle) {
    placeTitle(
      metrics,
      composer,
      normaliseText(doc.title),
      doc.issuers.map((issuer) => issuer.name),
    );
    composer.skip(1);
  }
  if (doc.mainRecipients.length > 0) {
    const text = `${doc.mainRecipients.map(recipientName).join('，')}：`;
    for (const line of paragraph(metrics, gridStyle('fangsong'), text, 0)) composer.place(line);
  }
  placeBody(metrics, composer, doc.body);
  placeAttachmentNote(metrics, composer, doc);
  placeAttendance(metrics, composer, doc);
  const signature = signatureBlock(metrics, doc);
  if (signature) composer.placeKept(signature);
  placeAttachments(metrics, composer, doc);
  layoutClosing(metrics, doc, composer, format === 'letter');
  const { pages, seals, pageNumbers } = composer.finish();
  if (doc.pageNumbers === 'standard') {
    pages.forEach((page, i) => {
      if (pageNumbers[i]) page.runs.push(pageNumberRun(metrics, i + 1));
    });
  }
  return { pages, seals };
}
