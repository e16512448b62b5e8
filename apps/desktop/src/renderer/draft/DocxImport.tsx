import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocxImportView } from '../../api-contract';
import { errorText, useSession } from '../api-context';
import { base64FromBytes } from '../base64';
import { useLocalized } from '../i18n';

const docxTypes = '.docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * 导入 Word 文档: a button that reads a chosen .docx through the core (`importDocx`) and hands
 * the body blocks to the drafting screen, which adds them to the body (nothing typed is lost);
 * a refusal (not a .docx, damaged, too large) is said beside the button and changes nothing.
 */
export function DocxImport({
  disabled,
  onImported,
}: {
  disabled: boolean;
  onImported: (view: DocxImportView) => void;
}) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const { api } = useSession();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | undefined>();

  const read = async (file: File) => {
    setBusy(true);
    setResult(undefined);
    try {
      const view = await api.importDocx({ dataBase64: base64FromBytes(new Uint8Array(await file.arrayBuffer())) });
      onImported(view);
      const notes = [
        t('draft.docxImported', { count: view.blocks.length, name: file.name }),
        ...(view.flattenedTables > 0 ? [t('draft.docxTables', { count: view.flattenedTables })] : []),
        ...(view.skippedImages > 0 ? [t('draft.docxImages', { count: view.skippedImages })] : []),
      ];
      setResult({ ok: true, text: notes.join(' ') });
    } catch (failure) {
      setResult({ ok: false, text: localized(errorText(failure)) });
    } finally {
      setBusy(false);
      if (input.current !== null) input.current.value = '';
    }
  };

  return (
    <div className="row docx-import">
      <button type="button" onClick={() => input.current?.click()} disabled={disabled || busy}>
        {busy ? t('draft.docxBusy') : t('draft.docxImport')}
      </button>
      <input
        ref={input}
        type="file"
        accept={docxTypes}
        hidden
        aria-label={t('draft.docxImport')}
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file !== undefined) void read(file);
        }}
      />
      {result !== undefined && (
        <span role={result.ok ? 'status' : 'alert'} className={result.ok ? 'muted' : 'error'} data-testid="docx-result">
          {result.text}
        </span>
      )}
    </div>
  );
}
