import { headingLevels, headingStyles } from '@oa/shared';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QuillBinding } from 'y-quill';
import type * as Y from 'yjs';
import type { PresentPersonView } from '../../api-contract';
import { useLocalized } from '../i18n';
import type { FieldIssue } from './model';
import { createBodyQuill, lineLevel, type Quill } from './quill-body';
import { absoluteRange } from './use-live-body';

interface Props {
  text: Y.Text;
  people: PresentPersonView[];
  issues: FieldIssue[];
  onSelection: (range: { index: number; length: number } | null) => void;
}

/** Colours for colleagues' cursors and names (readable on white, told apart from the 公文 red). */
const palette = ['#1a5fb4', '#26a269', '#9141ac', '#c64600', '#0b7285', '#a51d2d', '#5e5c64'];
export function personColor(id: string): string {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return palette[hash % palette.length]!;
}

/**
 * The body (正文) as rich text bound to the draft's Yjs text (Quill + y-quill): paragraphs
 * and headings of levels 1–4, colleagues' edits appearing as they type, their cursors with
 * their names, and the validators' messages per block below.
 */
export function LiveBodyEditor({ text, people, issues, onSelection }: Props) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const host = useRef<HTMLDivElement>(null);
  const quillRef = useRef<Quill | undefined>(undefined);
  const [level, setLevel] = useState(0);
  const selection = useRef(onSelection);
  selection.current = onSelection;

  useEffect(() => {
    const container = document.createElement('div');
    host.current!.append(container);
    const quill = createBodyQuill(container, t('draft.body'));
    const binding = new QuillBinding(text, quill);
    quillRef.current = quill;
    const onSelectionChange = (range: { index: number; length: number } | null) => {
      if (range !== null) setLevel(lineLevel(quill, range.index));
      selection.current(range === null ? null : { index: range.index, length: range.length });
    };
    quill.on('selection-change', onSelectionChange);
    const onText = () => {
      const range = quill.getSelection();
      if (range !== null) setLevel(lineLevel(quill, range.index));
    };
    quill.on('text-change', onText);
    return () => {
      quill.off('selection-change', onSelectionChange);
      quill.off('text-change', onText);
      binding.destroy();
      quillRef.current = undefined;
      container.remove();
      host.current?.querySelector('.ql-cursors')?.remove();
    };
    // The label is set once; a language switch re-renders the legend, not the editor.
  }, [text]);

  // Colleagues' cursors, placed in this copy of the text by their relative positions.
  const cursorKey = JSON.stringify(people.map((person) => [person.id, person.name, person.cursor]));
  useEffect(() => {
    const cursors = quillRef.current?.getModule('cursors') as
      | {
          createCursor(id: string, name: string, color: string): void;
          moveCursor(id: string, range: { index: number; length: number }): void;
          removeCursor(id: string): void;
          cursors(): { id: string }[];
        }
      | undefined;
    if (cursors === undefined) return;
    const shown = new Set<string>();
    for (const person of people) {
      const range = person.cursor === null ? undefined : absoluteRange(text, person.cursor);
      if (range === undefined) continue;
      cursors.createCursor(person.id, person.name, personColor(person.id));
      cursors.moveCursor(person.id, range);
      shown.add(person.id);
    }
    for (const cursor of cursors.cursors()) if (!shown.has(cursor.id)) cursors.removeCursor(cursor.id);
  }, [cursorKey, text]);

  const applyLevel = (next: number) => {
    const quill = quillRef.current;
    if (quill === undefined) return;
    const range = quill.getSelection(true);
    quill.formatLine(range.index, range.length, 'heading', next === 0 ? false : next, 'user');
    setLevel(next);
  };

  const general = issues.filter((issue) => issue.block === undefined);
  const perBlock = issues.filter((issue) => issue.block !== undefined);
  return (
    <fieldset className="body-editor">
      <legend>{t('draft.body')}</legend>
      <div className="body-toolbar" role="toolbar" aria-label={t('draft.bodyToolbar')}>
        <label htmlFor="body-level">{t('draft.blockType')}</label>
        <select id="body-level" value={level} onChange={(e) => applyLevel(Number(e.target.value))}>
          <option value={0}>{t('draft.paragraph')} (Ctrl+Alt+0)</option>
          {headingLevels.map((n) => (
            <option key={n} value={n}>
              {t('draft.heading', { level: n, example: headingStyles[n].example })} (Ctrl+Alt+{n})
            </option>
          ))}
        </select>
        <small className="hint">{t('draft.editorNote')}</small>
      </div>
      <div className="body-quill" ref={host} data-testid="body-editor" />
      {general.map((issue, i) => (
        <p key={`g${i}`} className={`issue ${issue.severity}`}>
          {localized(issue.message)}
        </p>
      ))}
      {perBlock.length > 0 && (
        <ul className="block-issues" aria-live="polite">
          {perBlock.map((issue, i) => (
            <li key={`b${i}`} className={`issue ${issue.severity}`}>
              {t('draft.blockText', { n: issue.block! + 1 })}：{localized(issue.message)}
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
