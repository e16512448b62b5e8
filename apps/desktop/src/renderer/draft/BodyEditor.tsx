import type { BodyBlock, HeadingLevel } from '@oa/shared';
import { useTranslation } from 'react-i18next';
import { useLocalized } from '../i18n';
import type { FieldIssue } from './model';

interface Props {
  blocks: BodyBlock[];
  issues: FieldIssue[];
  onChange: (blocks: BodyBlock[]) => void;
}

type BlockKind = 'paragraph' | `h${HeadingLevel}`;

const kindOf = (block: BodyBlock): BlockKind => (block.type === 'paragraph' ? 'paragraph' : `h${block.level}`);
const blockOf = (kind: BlockKind, text: string): BodyBlock =>
  kind === 'paragraph'
    ? { type: 'paragraph', text }
    : { type: 'heading', level: Number(kind[1]) as HeadingLevel, text };

/**
 * The body as structured blocks (paragraphs and headings of levels 1–4, GB/T 9704's 一、（一）
 * 1.（1）). Saved through the API into the draft's Yjs document.
 */
export function BodyEditor({ blocks, issues, onChange }: Props) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const update = (index: number, block: BodyBlock) => onChange(blocks.map((b, i) => (i === index ? block : b)));
  const move = (index: number, by: number) => {
    const next = [...blocks];
    const [moved] = next.splice(index, 1);
    next.splice(index + by, 0, moved!);
    onChange(next);
  };
  return (
    <fieldset className="body-editor">
      <legend>{t('draft.body')}</legend>
      <small className="hint">{t('draft.editorNote')}</small>
      {issues
        .filter((issue) => issue.block === undefined)
        .map((issue, i) => (
          <p key={i} className={`issue ${issue.severity}`}>
            {localized(issue.message)}
          </p>
        ))}
      {blocks.map((block, index) => {
        const blockIssues = issues.filter((issue) => issue.block === index);
        return (
          <div key={index} className={`block ${kindOf(block)}`}>
            <select
              aria-label={t('draft.blockType')}
              value={kindOf(block)}
              onChange={(e) => update(index, blockOf(e.target.value as BlockKind, block.text))}
            >
              <option value="paragraph">{t('draft.paragraph')}</option>
              {[1, 2, 3, 4].map((level) => (
                <option key={level} value={`h${level}`}>
                  {t('draft.heading', { level })}
                </option>
              ))}
            </select>
            <textarea
              aria-label={t('draft.blockText', { n: index + 1 })}
              value={block.text}
              rows={block.type === 'paragraph' ? 3 : 1}
              onChange={(e) => update(index, blockOf(kindOf(block), e.target.value))}
            />
            <div className="block-tools">
              <button type="button" onClick={() => move(index, -1)} disabled={index === 0}>
                {t('draft.moveUp')}
              </button>
              <button type="button" onClick={() => move(index, 1)} disabled={index === blocks.length - 1}>
                {t('draft.moveDown')}
              </button>
              <button
                type="button"
                onClick={() => onChange(blocks.filter((_, i) => i !== index))}
                disabled={blocks.length === 1}
              >
                {t('draft.removeBlock')}
              </button>
            </div>
            {blockIssues.map((issue, i) => (
              <p key={i} className={`issue ${issue.severity}`}>
                {localized(issue.message)}
              </p>
            ))}
          </div>
        );
      })}
      <div className="row">
        <button type="button" onClick={() => onChange([...blocks, { type: 'paragraph', text: '' }])}>
          {t('draft.addParagraph')}
        </button>
        <button type="button" onClick={() => onChange([...blocks, { type: 'heading', level: 1, text: '' }])}>
          {t('draft.addHeading')}
        </button>
      </div>
    </fieldset>
  );
}
