import { headingNumber, headingPrefix, headingStyles } from '../document/headings';
import type { BodyBlock, HeadingLevel } from '../document/schema';
import { violation, type Violation } from './catalog';
import type { RuleContext } from './context';

const trailingPunctuation = /[，。、；：？！,.;:?!]$/;

function checkBlocks(blocks: readonly BodyBlock[], base: string): Violation[] {
  const out: Violation[] = [];
  /** The last number seen at each level; reset when a higher level starts. */
  const counters: Partial<Record<HeadingLevel, number>> = {};
  blocks.forEach((block, index) => {
    const path = `${base}[${index}].text`;
    if (block.text.trim() === '') {
      out.push(violation('BODY_BLOCK_EMPTY', path, { index: index + 1 }));
      return;
    }
    if (block.type !== 'heading') return;
    const style = headingStyles[block.level];
    const n = headingNumber(block.level, block.text);
    if (n === undefined) {
      out.push(
        violation('HEADING_NUMBERING', path, {
          level: block.level,
          example: style.example,
          text: block.text.slice(0, 20),
        }),
      );
      return;
    }
    const expected = (counters[block.level] ?? 0) + 1;
    if (n !== expected) {
      out.push(
        violation('HEADING_SEQUENCE', path, {
          expected: headingPrefix(block.level, expected),
          actual: headingPrefix(block.level, n),
        }),
      );
    }
    counters[block.level] = n;
    for (let deeper = block.level + 1; deeper <= 4; deeper++) delete counters[deeper as HeadingLevel];
  });
  return out;
}

/** 正文 headings numbered per level and in sequence; 附件 names without trailing punctuation. */
export function checkBodyRules({ doc }: RuleContext): Violation[] {
  const out = checkBlocks(doc.body, 'body');
  doc.attachments.forEach((attachment, index) => {
    if (trailingPunctuation.test(attachment.title)) {
      out.push(violation('ATTACHMENT_TITLE_PUNCTUATION', `attachments[${index}].title`, { value: attachment.title }));
    }
    if (attachment.body) out.push(...checkBlocks(attachment.body, `attachments[${index}].body`));
  });
  return out;
}
