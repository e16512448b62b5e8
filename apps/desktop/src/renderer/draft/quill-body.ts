import { isHeadingLevel } from '@oa/shared';
import Quill, { Delta } from 'quill/core';
import Block from 'quill/blots/block';
import QuillCursorsModule from 'quill-cursors/core';
import 'quill/dist/quill.core.css';
import 'quill-cursors/css';

/**
 * The body's headings as Quill formats: the block format `heading` (the attribute name the
 * draft's Y.Text uses), levels 1–4 only — GB/T 9704's 一、 （一） 1. （1）.
 */
class Heading extends Block {
  static override blotName = 'heading';
  static override tagName = ['H1', 'H2', 'H3', 'H4'];
  static override formats(node: HTMLElement): number {
    return (this.tagName as string[]).indexOf(node.tagName) + 1;
  }
}

/** quill-cursors is a UMD bundle: depending on the bundler's interop its class is the import or its `default`. */
const QuillCursors =
  (QuillCursorsModule as unknown as { default?: typeof QuillCursorsModule }).default ?? QuillCursorsModule;

let registered = false;
function register(): void {
  if (registered) return;
  Quill.register('formats/heading', Heading, true);
  Quill.register('modules/cursors', QuillCursors, true);
  registered = true;
}

/** Only text and heading levels survive a paste (no fonts, colours, images or tables from Word or the web). */
function plainTextAndHeadings(_node: Node, delta: Delta): Delta {
  const ops = delta.ops.flatMap((op) => {
    if (typeof op.insert !== 'string') return [];
    const level = op.attributes?.heading;
    return [isHeadingLevel(level) ? { insert: op.insert, attributes: { heading: level } } : { insert: op.insert }];
  });
  return new Delta(ops);
}

/**
 * A Quill editor for a draft body: the `heading` block format only (so nothing else can enter
 * the stored body), colleagues' cursors, paste reduced to text and headings, and Ctrl+Alt+0…4
 * for 正文 and the four heading levels.
 */
export function createBodyQuill(container: HTMLElement, label: string): Quill {
  register();
  const levelKeys = [0, 1, 2, 3, 4].map((level) => ({
    key: String(level),
    shortKey: true,
    altKey: true,
    handler: (range: { index: number; length: number }) => {
      quill.formatLine(range.index, range.length, 'heading', level === 0 ? false : level, 'user');
      return false;
    },
  }));
  const quill = new Quill(container, {
    formats: ['heading'],
    modules: {
      cursors: { transformOnTextChange: true, hideDelayMs: 4000 },
      history: { userOnly: true },
      keyboard: { bindings: Object.fromEntries(levelKeys.map((binding, i) => [`heading${i}`, binding])) },
    },
  });
  quill.clipboard.addMatcher(Node.ELEMENT_NODE, plainTextAndHeadings);
  quill.root.setAttribute('aria-label', label);
  quill.root.setAttribute('aria-multiline', 'true');
  quill.root.setAttribute('role', 'textbox');
  return quill;
}

/** The heading level of the line at `index` (0: a paragraph). */
export function lineLevel(quill: Quill, index: number): number {
  const level = quill.getFormat(index, 0).heading;
  return isHeadingLevel(level) ? level : 0;
}

export type { Quill };
