import { useTranslation } from 'react-i18next';
import type { SavedPreviewView } from '../../api-contract';
import { PdfPreview } from '../draft/PdfPreview';
import { ErrorLine } from './common';

/**
 * 版式预览 of an opened document: the saved copy typeset to GB/T 9704, so whoever reviews, signs
 * or registers it reads it as it will be printed. The previous preview stays while a new one
 * (after an action) is typeset.
 */
export function SavedPreview({ preview, error }: { preview: SavedPreviewView | undefined; error: unknown }) {
  const { t } = useTranslation();
  return (
    <aside className="preview" aria-labelledby="preview-heading">
      <h2 id="preview-heading">{t('draft.preview')}</h2>
      <p className="muted" aria-live="polite" data-testid="preview-status">
        {preview === undefined
          ? error === undefined
            ? t('draft.previewBusy')
            : ''
          : t('draft.previewPages', { count: preview.pageCount, ms: Math.round(preview.millis) })}
      </p>
      <ErrorLine error={error} />
      {preview !== undefined && <PdfPreview pdfBase64={preview.pdfBase64} />}
    </aside>
  );
}
