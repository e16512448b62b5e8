import { stepTables, type AvailableAction, type LocalizedText } from '@oa/shared';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ColleagueView, WorkflowView } from '../../api-contract';
import { errorText, useSession } from '../api-context';
import { useLocalized } from '../i18n';
import type { Route } from '../shell/routes';
import { useLoad } from '../use-load';
import { ErrorLine, formatTime } from './common';
import { ColleaguePicker } from './ColleaguePicker';
import { Revisions } from './Revisions';
import { SavedPreview } from './SavedPreview';
import { perfMark } from '../perf';
import { useCtrlKey } from '../shell/shortcuts';

interface Props {
  documentId: string;
  navigate: (route: Route) => void;
}

/** A document opened: its elements, the flow, 流转记录, what I may do now, and revision marks. */
export function DocumentScreen({ documentId, navigate }: Props) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const { api } = useSession();
  // The document, its flows and its preview are asked for at once (the preview is typeset in the core's worker).
  const data = useLoad(async () => {
    const [document, flows] = await Promise.all([
      api.getDocument({ id: documentId }),
      api.documentWorkflows({ documentId }),
    ]);
    perfMark('oa:document-received');
    return { document, flows };
  }, [api, documentId]);
  // The preview is typeset again only when an action changed what is printed (登记 sets the
  // 发文字号: a new revision), not after every step.
  const revision = data.value?.document.revision;
  const openedRevision = useRef<number | undefined>(undefined);
  if (revision !== undefined && openedRevision.current === undefined) openedRevision.current = revision;
  const printedRevision = revision === openedRevision.current ? 'opened' : revision;
  const preview = useLoad(async () => {
    const typeset = await api.previewSavedDocument({ documentId });
    perfMark('oa:preview-received');
    return typeset;
  }, [api, documentId, printedRevision]);
  const [error, setError] = useState<string | undefined>();
  const flow = data.value?.flows.at(-1);
  const reload = data.reload;

  const start = async () => {
    try {
      await api.startWorkflow({ documentId, direction: 'outgoing' });
      reload();
    } catch (failure) {
      setError(localized(errorText(failure)));
    }
  };

  if (data.value === undefined) {
    return (
      <section aria-labelledby="screen-heading">
        <h1 id="screen-heading" tabIndex={-1}>
          {t('common.loading')}
        </h1>
        <ErrorLine error={data.error} />
      </section>
    );
  }
  const { document } = data.value;
  const content = document.content as Record<string, unknown>;
  return (
    <section aria-labelledby="screen-heading" className="document-screen">
      <div className="document-main">
        <div className="row">
          <button type="button" onClick={() => navigate({ screen: 'workbench' })}>
            ← {t('doc.back')}
          </button>
          {document.stage === 'draft' && (
            <button type="button" onClick={() => navigate({ screen: 'draft', documentId })}>
              {t('doc.edit')}
            </button>
          )}
          {flow === undefined && (
            <button type="button" className="primary" onClick={() => void start()}>
              {t('doc.start')}
            </button>
          )}
        </div>
        <h1 id="screen-heading" tabIndex={-1}>
          {document.title}
        </h1>
        <p className="muted">
          {typeof content.docNumber === 'string' ? `${content.docNumber} · ` : ''}
          {document.stage === 'draft' ? t('workbench.stageDraft') : t('workbench.stageFinal')} ·{' '}
          {formatTime(document.updatedAt)}
        </p>
        {error !== undefined && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {flow !== undefined && <FlowDiagram flow={flow} />}
        {flow?.direction === 'outgoing' && ['register', 'seal', 'dispatch'].includes(flow.currentStepId ?? '') && (
          <p className="notice" data-testid="dispatch-hint">
            {t('dispatch.documentHint')}{' '}
            <button type="button" className="link" onClick={() => navigate({ screen: 'dispatch' })}>
              {t('dispatch.title')}
            </button>
          </p>
        )}
        <div className="columns">
          <div>
            {flow !== undefined && <Actions flow={flow} onDone={reload} />}
            <Revisions documentId={documentId} flowVersion={flow?.version ?? 0} />
          </div>
          <div>
            <h2>{t('doc.history')}</h2>
            {flow === undefined || flow.opinions.length === 0 ? (
              <p className="muted">{t('doc.noHistory')}</p>
            ) : (
              <ol className="timeline" data-testid="history">
                {flow.state.history.map((entry) => (
                  <li key={entry.seq}>
                    <div className="timeline-head">
                      <strong>{localized(entry.stepName)}</strong> · {entry.actor.name} ·{' '}
                      <span className="muted">{formatTime(entry.at)}</span>
                    </div>
                    {entry.text !== '' && <div className="opinion">{entry.text}</div>}
                    {entry.docNumber !== undefined && <div className="muted">{entry.docNumber}</div>}
                  </li>
                ))}
              </ol>
            )}
          </div>
        </div>
      </div>
      <SavedPreview preview={preview.value} error={preview.error} />
    </section>
  );
}

function stepName(flow: WorkflowView, stepId: string): LocalizedText {
  return stepTables[flow.direction][stepId]?.name ?? { zh: stepId, en: stepId };
}

/** The flow as a row of steps: done, open, still to come. */
function FlowDiagram({ flow }: { flow: WorkflowView }) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const status = { done: t('doc.stepDone'), open: t('doc.stepOpen'), waiting: t('doc.stepWaiting') };
  return (
    <ol className="flow" aria-label={t('doc.flow')}>
      {Object.entries(flow.state.steps).map(([stepId, step]) => (
        <li
          key={stepId}
          className={`flow-step ${step.status}`}
          aria-current={step.status === 'open' ? 'step' : undefined}
        >
          <span>{localized(stepName(flow, stepId))}</span>
          <small>{status[step.status]}</small>
        </li>
      ))}
    </ol>
  );
}

/** Who the next step goes to: oneself, anyone holding its role, or the chosen colleagues (会签: one task each). */
function nextStep(choice: 'self' | 'role' | 'colleagues', me: { id: string; name: string }, chosen: ColleagueView[]) {
  if (choice === 'self') return { assignees: [me] };
  if (choice === 'colleagues' && chosen.length > 0) return { assignees: chosen.map(({ id, name }) => ({ id, name })) };
  return undefined;
}

/** What the signed-in person may do on the open step: complete or return, with an opinion. */
function Actions({ flow, onDone }: { flow: WorkflowView; onDone: () => void }) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const { api, account } = useSession();
  const phrases = t('phrases', { returnObjects: true }) as string[];
  const [opinion, setOpinion] = useState('');
  const [target, setTarget] = useState('');
  const [next, setNext] = useState<'self' | 'role' | 'colleagues'>('self');
  const [colleagues, setColleagues] = useState<ColleagueView[]>([]);
  const [docNumber, setDocNumber] = useState('');
  const [change, setChange] = useState<'none' | 'editorial'>('none');
  const [error, setError] = useState<string | undefined>();
  const complete = flow.actions.find((a): a is Extract<AvailableAction, { type: 'complete' }> => a.type === 'complete');
  const returnAction = flow.actions.find((a): a is Extract<AvailableAction, { type: 'return' }> => a.type === 'return');
  // Only a single step that is not the last routes the next one (a parallel step moves on by itself).
  const stepIds = Object.keys(flow.state.steps);
  const routesNext =
    complete !== undefined &&
    flow.tasks.find((task) => task.stepId === complete.stepId)?.mode !== 'parallel' &&
    stepIds.at(-1) !== complete.stepId;

  const act = async (kind: 'complete' | 'return') => {
    if (complete === undefined) return;
    setError(undefined);
    const me = { id: account.id, name: account.displayName };
    const action =
      kind === 'return'
        ? { type: 'return' as const, stepId: complete.stepId, to: target || returnAction!.targets[0]!, opinion }
        : {
            type: 'complete' as const,
            stepId: complete.stepId,
            opinion: opinion.trim() === '' ? undefined : opinion,
            next: routesNext ? nextStep(next, me, colleagues) : undefined,
            docNumber: complete.fields.includes('docNumber') ? docNumber : undefined,
            change: complete.fields.includes('change') ? change : undefined,
          };
    try {
      await api.actOnWorkflow({ instanceId: flow.id, expectedVersion: flow.version, action });
      setOpinion('');
      onDone();
    } catch (failure) {
      setError(localized(errorText(failure)));
    }
  };

  useCtrlKey('Enter', () => void act('complete'));

  if (complete === undefined) {
    return (
      <div className="panel">
        <h2>{t('doc.actions')}</h2>
        <p className="muted">
          {flow.currentStepId === null
            ? flow.status === 'completed'
              ? t('doc.statusCompleted')
              : t('doc.statusReturned')
            : t('doc.noActions')}
        </p>
      </div>
    );
  }
  return (
    <form
      className="panel"
      aria-labelledby="actions-heading"
      onSubmit={(event) => {
        event.preventDefault();
        void act('complete');
      }}
    >
      <h2 id="actions-heading">
        {t('doc.actions')} · {localized(stepName(flow, complete.stepId))}
      </h2>
      <label htmlFor="opinion">{t('doc.opinion')}</label>
      <div className="phrases" role="group" aria-label={t('doc.phrases')}>
        {phrases.map((phrase) => (
          <button type="button" key={phrase} onClick={() => setOpinion(phrase)}>
            {phrase}
          </button>
        ))}
      </div>
      <textarea
        id="opinion"
        rows={3}
        value={opinion}
        onChange={(e) => setOpinion(e.target.value)}
        required={complete.opinionRequired}
      />
      {complete.fields.includes('docNumber') && (
        <label>
          {t('doc.docNumberField')}
          <input name="docNumber" value={docNumber} onChange={(e) => setDocNumber(e.target.value)} required />
        </label>
      )}
      {complete.fields.includes('change') && (
        <label>
          {t('doc.changeField')}
          <select value={change} onChange={(e) => setChange(e.target.value as 'none' | 'editorial')}>
            <option value="none">{t('doc.changeNone')}</option>
            <option value="editorial">{t('doc.changeEditorial')}</option>
          </select>
        </label>
      )}
      {routesNext && (
        <fieldset className="next-assignees">
          <legend>{t('doc.nextAssignee')}</legend>
          {(['self', 'role', 'colleagues'] as const).map((choice) => (
            <label key={choice} className="check">
              <input type="radio" name="next" checked={next === choice} onChange={() => setNext(choice)} />
              {t(`doc.next.${choice}`)}
            </label>
          ))}
          {next === 'colleagues' && (
            <ColleaguePicker label={t('doc.nextColleagues')} chosen={colleagues} onChange={setColleagues} />
          )}
        </fieldset>
      )}
      {error !== undefined && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary" title="Ctrl+Enter">
          {t('doc.complete')}
        </button>
        {returnAction !== undefined && (
          <>
            <label>
              {t('doc.returnTo')}
              <select value={target} onChange={(e) => setTarget(e.target.value)}>
                {returnAction.targets.map((stepId) => (
                  <option key={stepId} value={stepId}>
                    {localized(stepName(flow, stepId))}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" onClick={() => void act('return')} title={t('doc.returnReason')}>
              {t('doc.returnButton')}
            </button>
          </>
        )}
      </div>
    </form>
  );
}
