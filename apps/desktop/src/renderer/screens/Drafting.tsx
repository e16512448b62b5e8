import {
  classificationLevels,
  classificationTable,
  documentKinds,
  documentKindTable,
  urgencyLevels,
  urgencyTable,
  type LocalizedText,
} from '@oa/shared';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PreviewView, SavedPreviewView } from '../../api-contract';
import { errorItems, errorText, useSession } from '../api-context';
import { CoDrafters } from '../draft/CoDrafters';
import { DocxImport } from '../draft/DocxImport';
import { Field } from '../draft/Field';
import {
  checkForm,
  emptyForm,
  fieldOf,
  fromDocument,
  toDocument,
  typesetAlike,
  type DraftForm,
  type FieldIssue,
  type FieldName,
} from '../draft/model';
import { LiveBodyEditor } from '../draft/LiveBodyEditor';
import { PdfPreview } from '../draft/PdfPreview';
import { Presence } from '../draft/Presence';
import { useLiveBody } from '../draft/use-live-body';
import { useLocalized } from '../i18n';
import type { Route } from '../shell/routes';
import { useCtrlKey } from '../shell/shortcuts';
import { ErrorLine } from './common';
import { perfMark } from '../perf';

interface Props {
  documentId?: string;
  navigate: (route: Route) => void;
}

const previewDelayMs = 350;

/** 拟稿: the structured elements with inline validation, the body, save, and the live preview. */
export function Drafting({ documentId, navigate }: Props) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const { api } = useSession();
  const [form, setForm] = useState<DraftForm>(emptyForm);
  const [saved, setSaved] = useState<{ id: string; revision: number } | undefined>();
  const [loadError, setLoadError] = useState<unknown>();
  const [status, setStatus] = useState<string | undefined>();
  const [serverIssues, setServerIssues] = useState<FieldIssue[]>([]);
  const [actionError, setActionError] = useState<string | undefined>();
  const [preview, setPreview] = useState<PreviewView | undefined>();
  const [previewBusy, setPreviewBusy] = useState(false);
  const [previewError, setPreviewError] = useState<string | undefined>();

  // An opened draft: its preview is typeset from the saved copy in the same moment as the
  // document and its body are fetched, not after them.
  const opening = useRef<Promise<SavedPreviewView | undefined> | undefined>(undefined);
  useEffect(() => {
    if (documentId === undefined) return;
    opening.current = api.previewSavedDocument({ documentId }).catch(() => undefined);
    api
      .getDocument({ id: documentId })
      .then((view) => {
        perfMark('oa:document-received');
        setForm(fromDocument(view.content));
        setSaved({ id: view.id, revision: view.revision });
      })
      .catch(setLoadError);
  }, [api, documentId]);

  // The body is edited live (its own Y.Doc, exchanged with the core's); the rest is the form.
  const live = useLiveBody(api, saved?.id ?? documentId);
  const current = useMemo(() => ({ ...form, body: live.blocks }), [form, live.blocks]);
  const issues = useMemo(() => [...checkForm(current), ...serverIssues], [current, serverIssues]);
  const errors = issues.filter((issue) => issue.severity === 'error');
  const at = (field: FieldName) => issues.filter((issue) => issue.field === field);
  const set = <K extends keyof DraftForm>(key: K, value: DraftForm[K]) => {
    setServerIssues([]);
    setStatus(undefined);
    setForm((current) => ({ ...current, [key]: value }));
  };

  // The live preview: typeset in the core's worker a moment after the last change.
  const documentJson = JSON.stringify(toDocument(current));
  const blocked = errors.length > 0 || !live.ready;
  // An opened document is typeset at once; while typing, a moment after the last change.
  const firstPreview = preview === undefined;
  useEffect(() => {
    if (blocked) return;
    let live = true;
    const typeset = async (): Promise<PreviewView> => {
      const document: unknown = JSON.parse(documentJson);
      const early = opening.current;
      if (early !== undefined) {
        // The saved copy's preview, already on its way, serves when the form shows that same document.
        const saved = await early;
        opening.current = undefined;
        if (saved !== undefined && typesetAlike(saved.content, document)) return saved;
      }
      perfMark('oa:preview-requested');
      return api.previewDocument({ document });
    };
    const timer = setTimeout(
      () => {
        setPreviewBusy(true);
        typeset()
          .then((result) => live && (perfMark('oa:preview-received'), setPreview(result), setPreviewError(undefined)))
          .catch((failure: unknown) => live && setPreviewError(localized(errorText(failure))))
          .finally(() => live && setPreviewBusy(false));
      },
      firstPreview ? 0 : previewDelayMs,
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // `localized` changes with the language only; the preview does not depend on it.
  }, [api, documentJson, blocked]);

  const save = async (): Promise<string | undefined> => {
    setActionError(undefined);
    setStatus(t('draft.saving'));
    try {
      await live.flush();
      const document = toDocument(current);
      // A saved draft keeps the body the live editor has already pushed (a colleague's latest edits included).
      const view =
        saved === undefined
          ? await api.createDraft({ document })
          : await api.updateDraft({ id: saved.id, revision: saved.revision, document, keepBody: true });
      setSaved({ id: view.id, revision: view.revision });
      setStatus(t('draft.saved', { revision: view.revision }));
      return view.id;
    } catch (failure) {
      setStatus(undefined);
      setServerIssues(
        errorItems(failure).map((item) => ({
          ...fieldOf(item.path),
          severity: 'error' as const,
          message: item.message,
        })),
      );
      setActionError(localized(errorText(failure)));
      return undefined;
    }
  };

  const submit = async () => {
    const id = await save();
    if (id === undefined) return;
    try {
      await api.startWorkflow({ documentId: id, direction: 'outgoing' });
      navigate({ screen: 'document', documentId: id });
    } catch (failure) {
      setActionError(localized(errorText(failure)));
    }
  };

  useCtrlKey('s', () => void save());

  const kindName = (text: LocalizedText) => localized(text);
  return (
    <section aria-labelledby="screen-heading" className="drafting">
      <div className="drafting-form">
        <h1 id="screen-heading" tabIndex={-1}>
          {saved === undefined ? t('draft.newTitle') : t('draft.editTitle', { revision: saved.revision })}
        </h1>
        <ErrorLine error={loadError} />
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
          aria-describedby="draft-summary"
        >
          <div className="grid">
            <Field label={t('draft.kind')} issues={at('kind')}>
              <select value={form.kind} onChange={(e) => set('kind', e.target.value as DraftForm['kind'])}>
                {documentKinds.map((kind) => (
                  <option key={kind} value={kind}>
                    {kindName(documentKindTable[kind])}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('draft.urgency')} issues={at('urgency')}>
              <select value={form.urgency} onChange={(e) => set('urgency', e.target.value as DraftForm['urgency'])}>
                <option value="">{t('draft.urgencyNone')}</option>
                {urgencyLevels.map((level) => (
                  <option key={level} value={level}>
                    {localized(urgencyTable[level])}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('draft.issuerName')} issues={at('issuerName')}>
              <input value={form.issuerName} onChange={(e) => set('issuerName', e.target.value)} />
            </Field>
            <Field label={t('draft.issuerCode')} issues={at('issuerCode')}>
              <input value={form.issuerCode} onChange={(e) => set('issuerCode', e.target.value)} maxLength={18} />
            </Field>
            <Field label={t('draft.docNumber')} hint={t('draft.docNumberHint')} issues={at('docNumber')}>
              <input name="docNumber" value={form.docNumber} onChange={(e) => set('docNumber', e.target.value)} />
            </Field>
            <Field label={t('draft.copyNumber')} issues={at('copyNumber')}>
              <input value={form.copyNumber} onChange={(e) => set('copyNumber', e.target.value)} maxLength={6} />
            </Field>
            <Field label={t('draft.classification')} issues={at('classificationLevel')}>
              <select
                value={form.classificationLevel}
                onChange={(e) => set('classificationLevel', e.target.value as DraftForm['classificationLevel'])}
              >
                <option value="">{t('draft.classificationNone')}</option>
                {classificationLevels.map((level) => (
                  <option key={level} value={level}>
                    {localized(classificationTable[level])}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('draft.period')} issues={at('period')}>
              <input
                value={form.period}
                onChange={(e) => set('period', e.target.value)}
                disabled={form.classificationLevel === ''}
              />
            </Field>
            <Field label={t('draft.docTitle')} issues={at('title')} wide>
              <input name="title" value={form.title} onChange={(e) => set('title', e.target.value)} />
            </Field>
            <Field label={t('draft.mainRecipients')} hint={t('draft.listHint')} issues={at('mainRecipients')} wide>
              <input value={form.mainRecipients} onChange={(e) => set('mainRecipients', e.target.value)} />
            </Field>
          </div>
          {saved !== undefined && <Presence people={live.people} connection={live.connection} />}
          {saved !== undefined && <CoDrafters documentId={saved.id} />}
          <DocxImport
            disabled={!live.ready}
            onImported={(view) => {
              live.append(view.blocks);
              if (form.title.trim() === '' && view.title !== undefined) set('title', view.title);
            }}
          />
          {/* Bound once the first state is here: Quill's own last line must be the text's. */}
          {live.ready ? (
            <LiveBodyEditor text={live.text} people={live.people} issues={at('body')} onSelection={live.setSelection} />
          ) : (
            <p className="muted body-loading">{t('draft.bodyLoading')}</p>
          )}
          <ErrorLine error={live.error} />
          <div className="grid">
            <Field label={t('draft.attachments')} hint={t('draft.attachmentsHint')} issues={at('attachments')} wide>
              <textarea rows={2} value={form.attachments} onChange={(e) => set('attachments', e.target.value)} />
            </Field>
            <Field label={t('draft.cc')} hint={t('draft.listHint')} issues={at('cc')} wide>
              <input value={form.cc} onChange={(e) => set('cc', e.target.value)} />
            </Field>
            <Field label={t('draft.signers')} hint={t('draft.listHint')} issues={at('signers')}>
              <input value={form.signers} onChange={(e) => set('signers', e.target.value)} />
            </Field>
            <Field label={t('draft.date')} issues={at('date')}>
              <input type="date" value={form.date} onChange={(e) => set('date', e.target.value)} />
            </Field>
            <Field label={t('draft.note')} issues={at('note')} wide>
              <input value={form.note} onChange={(e) => set('note', e.target.value)} />
            </Field>
          </div>
          <p id="draft-summary" className={errors.length > 0 ? 'error' : 'ok'} aria-live="polite">
            {errors.length > 0 ? t('draft.errors', { count: errors.length }) : t('draft.noErrors')}
          </p>
          {actionError !== undefined && (
            <p role="alert" className="error">
              {actionError}
            </p>
          )}
          <div className="row">
            <button type="submit" className="primary" title="Ctrl+S">
              {t('draft.save')}
            </button>
            <button type="button" onClick={() => void submit()} disabled={errors.length > 0}>
              {t('draft.submit')}
            </button>
            {status !== undefined && (
              <span role="status" className="muted">
                {status}
              </span>
            )}
          </div>
        </form>
      </div>
      <aside className="preview" aria-labelledby="preview-heading">
        <h2 id="preview-heading">{t('draft.preview')}</h2>
        <p className="muted" aria-live="polite" data-testid="preview-status">
          {blocked
            ? t('draft.previewBlocked')
            : previewBusy
              ? t('draft.previewBusy')
              : preview !== undefined
                ? t('draft.previewPages', { count: preview.pageCount, ms: Math.round(preview.millis) })
                : ''}
        </p>
        {previewError !== undefined && (
          <p role="alert" className="error">
            {previewError}
          </p>
        )}
        {preview !== undefined && <PdfPreview pdfBase64={preview.pdfBase64} />}
      </aside>
    </section>
  );
}
