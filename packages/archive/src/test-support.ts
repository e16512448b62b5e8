import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { loadFont, subsetFace } from '@oa/typeset';
import type { ArchiveRequest } from './catalog';

/** AR PL SungtiL GB (fonts-arphic-gbsn00lp): a TrueType CJK font pdf-lib subsets correctly. */
const cjkFont = '/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf';

/** The test font reduced to the characters of `text` with HarfBuzz (fast, and safe for any outline format). */
async function subsetFor(text: string): Promise<Uint8Array> {
  const font = await loadFont({ file: cjkFont });
  const subset = await subsetFace(
    font.key,
    font.bytes,
    font.faceIndex,
    [...new Set([...text])].map((c) => c.codePointAt(0)!),
  );
  if (!subset) throw new Error(`cannot subset ${cjkFont}`);
  return subset;
}

/** A real PDF of `pages` pages with Chinese text in an embedded font (or an unembedded standard font). */
export async function makePdf(pages: number, text: string, options: { embedFont?: boolean } = {}): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const embed = options.embedFont ?? true;
  const lines = Array.from({ length: pages }, (_, i) => (embed ? `${text} 第${i + 1}页` : `page ${i + 1}`));
  const font = embed
    ? await pdf.embedFont(await subsetFor(lines.join('')), { subset: false })
    : await pdf.embedFont(StandardFonts.Helvetica);
  for (const line of lines) pdf.addPage([595.28, 841.89]).drawText(line, { x: 79, y: 700, size: 16, font });
  return pdf.save({ useObjectStreams: false });
}

export const handlingRecord = [
  { action: '拟稿', actor: '李华', at: '2026-11-18T09:00:00+08:00' },
  { action: '签发', actor: '王强', at: '2026-11-20T10:00:00+08:00', opinion: '同意。' },
];

/** The metadata of a typical archived 通知; tests override what they vary. */
export function itemMetadata(
  overrides: Partial<ArchiveRequest['metadata']> = {},
  pages = 2,
): ArchiveRequest['metadata'] {
  return {
    fonds: 'J012',
    category: 'WS',
    year: 2026,
    retention: 'Y',
    unit: 'BGS',
    pages,
    title: '南京市人民政府办公厅关于做好2026年冬季安全生产工作的通知',
    docNumber: '宁政办发〔2026〕12号',
    responsible: '南京市人民政府办公厅',
    date: '2026-11-20',
    kind: 'notice',
    ...overrides,
  };
}

export async function archiveRequest(
  overrides: Partial<ArchiveRequest['metadata']> = {},
  options: { pages?: number; embedFont?: boolean } = {},
): Promise<ArchiveRequest> {
  const pages = options.pages ?? 2;
  const metadata = itemMetadata(overrides, pages);
  const title = metadata.title;
  return {
    metadata,
    files: [
      {
        name: 'document.pdf',
        role: 'document',
        mediaType: 'application/pdf',
        bytes: await makePdf(pages, title, options),
      },
      {
        name: 'record.json',
        role: 'record',
        mediaType: 'application/json',
        bytes: new TextEncoder().encode(JSON.stringify(handlingRecord)),
      },
    ],
    bodyText: title,
    actor: '档案员 李娜',
    at: '2026-11-23T09:00:00+08:00',
  };
}
