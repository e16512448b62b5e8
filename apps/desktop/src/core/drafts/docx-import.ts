import { isHeadingLevel, type BodyBlock } from '@oa/shared';
import mammoth from 'mammoth';
import { desktopError } from '../errors';
import { importLimits } from '../limits';

/** What a .docx becomes: the body's blocks, the Word title (标题) if it has one, and what was left out. */
export interface DocxImport {
  blocks: BodyBlock[];
  /** The text of the first paragraph in Word's Title style, for an empty 标题 field. */
  title: string | undefined;
  /** Images and other content the body cannot hold (text only, GB/T 9704 headings 1–4). */
  skippedImages: number;
  /** Tables whose cells' text became paragraphs. */
  flattenedTables: number;
}

/** Word's built-in heading styles (English style names, also in Chinese Word) and their Chinese display names. */
const headingStyle = /^(?:heading|标题)\s*(\d)$/i;
const titleStyle = /^(?:title|标题)$/i;

/** A .docx is a ZIP package: it starts with a local file header. */
const zipMagic = [0x50, 0x4b, 0x03, 0x04];

/** The subset of mammoth's document model read here (mammoth/lib/documents.js). */
interface Element {
  type: string;
  value?: string;
  styleName?: string | null;
  children?: Element[];
}

/**
 * 导入 Word 文档: reads a .docx (mammoth, ADR 0013) into the draft body's model — paragraphs and
 * the four GB/T 9704 heading levels (Word's 标题 1–4 / Heading 1–4; deeper levels become
 * paragraphs), text only, as the editor's paste keeps it. Refuses with a typed error what is
 * too large (DOCX_TOO_LARGE), not a .docx (DOCX_NOT_DOCX) or cannot be read (DOCX_CORRUPT).
 */
export async function importDocx(bytes: Buffer): Promise<DocxImport> {
  if (bytes.length > importLimits.maxDocxBytes) {
    throw desktopError('DOCX_TOO_LARGE', { megabytes: Math.floor(importLimits.maxDocxBytes / 1024 / 1024) });
  }
  if (bytes.length < zipMagic.length || zipMagic.some((byte, i) => bytes[i] !== byte)) {
    throw desktopError('DOCX_NOT_DOCX');
  }
  const found: DocxImport = { blocks: [], title: undefined, skippedImages: 0, flattenedTables: 0 };
  try {
    await mammoth.convertToHtml(
      { buffer: bytes },
      {
        externalFileAccess: false,
        transformDocument: (document: Element) => {
          collect(document, found);
          return document;
        },
      },
    );
  } catch (error) {
    // A ZIP without Word's main part (an .xlsx, a .zip) is not a Word document; anything else is damaged.
    const message = error instanceof Error ? error.message : '';
    throw desktopError(/main document part/i.test(message) ? 'DOCX_NOT_DOCX' : 'DOCX_CORRUPT');
  }
  if (found.blocks.length === 0 && found.title === undefined) throw desktopError('DOCX_EMPTY');
  return found;
}

function collect(element: Element, found: DocxImport): void {
  if (element.type === 'table') found.flattenedTables += 1;
  if (element.type === 'paragraph') {
    paragraph(element, found);
    return;
  }
  for (const child of element.children ?? []) collect(child, found);
}

function paragraph(element: Element, found: DocxImport): void {
  const text = textOf(element, found).replace(/\s+$/u, '');
  if (text.trim() === '') return;
  const style = element.styleName ?? '';
  if (titleStyle.test(style) && found.title === undefined) {
    found.title = text.trim();
    return;
  }
  const level = Number(headingStyle.exec(style)?.[1]);
  found.blocks.push(
    isHeadingLevel(level) ? { type: 'heading', level, text: text.trim() } : { type: 'paragraph', text },
  );
}

/** The paragraph's text: runs, hyperlinks and tabs; a line break inside a paragraph becomes a space. */
function textOf(element: Element, found: DocxImport): string {
  if (element.type === 'text') return element.value ?? '';
  if (element.type === 'tab') return '\t';
  if (element.type === 'break') return ' ';
  if (element.type === 'image') {
    found.skippedImages += 1;
    return '';
  }
  return (element.children ?? []).map((child) => textOf(child, found)).join('');
}
