import { blocksFromDelta, type BodyBlock, type BodyDeltaOp } from '@oa/shared';
import type * as Y from 'yjs';

/**
 * A draft's body in its Y.Text: the Quill/y-quill model, which editors bind to directly.
 * Every block is its text followed by '\n'; a heading's level is the `heading` attribute
 * of its '\n' (一、 = 1 … （1） = 4). Paragraph newlines carry no attribute.
 */
export const bodyTextName = 'body';

export function writeBlocks(text: Y.Text, blocks: readonly BodyBlock[]): void {
  let at = text.length;
  for (const block of blocks) {
    text.insert(at, block.text);
    at += block.text.length;
    text.insert(at, '\n', block.type === 'heading' ? { heading: block.level } : {});
    at += 1;
  }
}

export function readBlocks(text: Y.Text): BodyBlock[] {
  return blocksFromDelta(text.toDelta() as BodyDeltaOp[]);
}

/**
 * Replaces the body with `blocks` by the smallest text edit (common prefix and suffix kept),
 * so a concurrent edit elsewhere in the body survives the merge; heading levels are then
 * set line by line.
 */
export function replaceBlocks(text: Y.Text, blocks: readonly BodyBlock[]): void {
  const current = text.toString();
  const next = blocks.map((block) => `${block.text}\n`).join('');
  if (current !== next) {
    let start = 0;
    while (start < current.length && start < next.length && current[start] === next[start]) start += 1;
    let end = 0;
    while (
      end < current.length - start &&
      end < next.length - start &&
      current[current.length - 1 - end] === next[next.length - 1 - end]
    ) {
      end += 1;
    }
    text.delete(start, current.length - start - end);
    text.insert(start, next.slice(start, next.length - end), {});
  }
  let at = 0;
  for (const block of blocks) {
    at += block.text.length;
    text.format(at, 1, { heading: block.type === 'heading' ? block.level : null });
    at += 1;
  }
}
