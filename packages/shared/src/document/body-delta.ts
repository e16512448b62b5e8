import type { BodyBlock, HeadingLevel } from './schema';

/**
 * The body (正文) in the Quill delta model that draft bodies use in their Y.Text and that
 * rich-text editors (Quill, y-quill) bind to: each block is its text followed by '\n', and a
 * heading's level (一、 = 1 … （1） = 4) is the `heading` attribute of its '\n'.
 */
export interface BodyDeltaOp {
  insert?: unknown;
  attributes?: { heading?: unknown } & Record<string, unknown>;
}

/** The attribute name of a heading's level on its newline. */
export const headingAttribute = 'heading';

export function isHeadingLevel(value: unknown): value is HeadingLevel {
  return value === 1 || value === 2 || value === 3 || value === 4;
}

/** The blocks of a body delta (embeds and unknown attributes are ignored; a last line without '\n' is a paragraph). */
export function blocksFromDelta(delta: readonly BodyDeltaOp[]): BodyBlock[] {
  const blocks: BodyBlock[] = [];
  let line = '';
  for (const op of delta) {
    if (typeof op.insert !== 'string') continue;
    const parts = op.insert.split('\n');
    parts.forEach((part, index) => {
      line += part;
      if (index === parts.length - 1) return;
      const level = op.attributes?.heading;
      blocks.push(isHeadingLevel(level) ? { type: 'heading', level, text: line } : { type: 'paragraph', text: line });
      line = '';
    });
  }
  if (line.length > 0) blocks.push({ type: 'paragraph', text: line });
  return blocks;
}

/** The delta of `blocks` (what an editor shows for them). */
export function deltaFromBlocks(
  blocks: readonly BodyBlock[],
): { insert: string; attributes?: { heading: HeadingLevel } }[] {
  return blocks.flatMap((block) => [
    ...(block.text.length > 0 ? [{ insert: block.text }] : []),
    block.type === 'heading' ? { insert: '\n', attributes: { heading: block.level } } : { insert: '\n' },
  ]);
}
