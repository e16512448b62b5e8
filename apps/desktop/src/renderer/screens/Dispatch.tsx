import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatErrorText, type SentMessageView, type TaskListItem, type WorkflowView } from '../../api-contract';
import { useSession } from '../api-context';
import { PdfPreview } from '../draft/PdfPreview';
import { useLocalized } from '../i18n';
import type { Route } from '../shell/routes';
import { useLoad } from '../use-load';
import { ErrorLine, formatTime } from './common';
import { ExchangeBar, PinDialog, StateBadge } from './exchange-common';
import { RecallControl } from './RecallControl';

const dispatchSteps = ['register', 'seal', 'dispatch'];

/**
 * 登记分发: the registrar's desk. Documents waiting at 登记 (next 发文字号 of the agency's
 * sequence), 用印 (the final document with the seal's place marked, then the agency seal with
 * the PIN) and 核发 (recipients from the hub's directory, sent through the hub); below, every
 * sent document with each recipient's state and receipt.
 */
export function Dispatch({ navigate }: { navigate: (route: Route) => void }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const status = useLoad(() => api.exchangeStatus({}), [api]);
  const pending = useLoad(
    async () =>
      (await api.listTasks({ box: 'todo' })).filter(
        (item) => item.direction === 'outgoing' && dispatchSteps.includes(item.stepId ?? ''),
      ),
    [api],
  );
  const sent = useLoad(() => api.listSent({ refresh: true }), [api, status.value?.connected]);
  const [selected, setSelected] = useState<string | undefined>();
  const items = pending.value ?? [];
  const current = items.find((item) => item.instanceId === selected) ?? items[0];
  const refreshAll = () => {
    pending.reload();
    sent.reload();
    status.reload();
  };

  return (
    <section aria-labelledby="screen-heading">
      <h1 id="screen-heading" tabIndex={-1}>
        {t('dispatch.title')}
      </h1>
      <ExchangeBar status={status.value} onChange={refreshAll} />
      <div className="dispatch">
        <nav aria-label={t('dispatch.pending', { count: items.length })} className="panel">
          <h2>{t('dispatch.pending', { count: items.length })}</h2>
          {items.length === 0 && <p className="muted">{t('dispatch.pendingEmpty')}</p>}
          <ul className="plain">
            {items.map((item) => (
              <li key={item.instanceId}>
                <button
                  type="button"
                  className="link"
                  aria-current={item.instanceId === current?.instanceId ? 'true' : undefined}
                  onClick={() => setSelected(item.instanceId)}
                >
                  {item.title}
                </button>
                <span className="badge">{item.stepName?.zh}</span>
              </li>
            ))}
          </ul>
        </nav>
        {current !== undefined && (
          <StepDesk key={`${current.instanceId}:${current.stepId}`} item={current} onDone={refreshAll} />
        )}
      </div>
      <ErrorLine error={pending.error} />
      <SentList sent={sent.value ?? []} error={sent.error} onResent={refreshAll} navigate={navigate} />
    </section>
  );
}

function StepDesk({ item, onDone }: { item: TaskListItem; onDone: () => void }) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const { api } = useSession();
  const flow = useLoad(() => api.getWorkflow({ instanceId: item.instanceId }), [api, item.instanceId]);
  if (flow.value === undefined) return <ErrorLine error={flow.error} />;
  return (
    <article className="panel desk" aria-labelledby="desk-title">
      <h2 id="desk-title">{item.title}</h2>
      <p className="muted">{t('dispatch.step', { step: item.stepName ? localized(item.stepName) : '' })}</p>
      {flow.value.currentStepId === 'register' && <RegisterStep flow={flow.value} onDone={onDone} />}
      {flow.value.currentStepId === 'seal' && <SealStep flow={flow.value} onDone={onDone} />}
      {flow.value.currentStepId === 'dispatch' && <SendStep flow={flow.value} onDone={onDone} />}
    </article>
  );
}

/** 登记: take the next number (or type one); a malformed one is refused at the field. */
function RegisterStep({ flow, onDone }: { flow: WorkflowView; onDone: () => void }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const [docNumber, setDocNumber] = useState('');
  const [error, setError] = useState<unknown>();
  const status = useLoad(() => api.exchangeStatus({}), [api]);
  const allocate = async () => {
    setError(undefined);
    try {
      setDocNumber((await api.allocateDocNumber({})).docNumber);
    } catch (failure) {
      setError(failure);
    }
  };
  const register = async () => {
    setError(undefined);
    try {
      await api.actOnWorkflow({
        instanceId: flow.id,
        expectedVersion: flow.version,
        action: { type: 'complete', stepId: 'register', docNumber: docNumber.trim() },
      });
      onDone();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <div className="field">
      <label htmlFor="register-doc-number">{t('dispatch.docNumber')}</label>
      <div className="row">
        <input
          id="register-doc-number"
          value={docNumber}
          aria-invalid={error !== undefined}
          aria-describedby={error !== undefined ? 'register-error' : undefined}
          onChange={(e) => setDocNumber(e.target.value)}
        />
        <button
          type="button"
          onClick={() => void allocate()}
          title={t('dispatch.allocateHint', { prefix: status.value?.link?.docNumberPrefix ?? '' })}
        >
          {t('dispatch.allocate')}
        </button>
        <button type="button" className="primary" disabled={docNumber.trim() === ''} onClick={() => void register()}>
          {t('dispatch.register')}
        </button>
      </div>
      <div id="register-error">
        <ErrorLine error={error} />
      </div>
    </div>
  );
}

/** 用印: the final document with the seal's place marked; the seal is stamped after the PIN. */
function SealStep({ flow, onDone }: { flow: WorkflowView; onDone: () => void }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const preview = useLoad(() => api.sealPreview({ instanceId: flow.id }), [api, flow.id]);
  const [asking, setAsking] = useState(false);
  const value = preview.value;
  return (
    <div>
      <ErrorLine error={preview.error} />
      {value === undefined && preview.error === undefined && <progress />}
      {value !== undefined && (
        <>
          <p>
            {t('dispatch.docNumber')}：<strong data-testid="sealed-doc-number">{value.docNumber}</strong>
          </p>
          <p className="muted" data-testid="seal-where">
            {t('dispatch.sealWhere', { page: value.position.page + 1 })}
          </p>
          <button type="button" className="primary" onClick={() => setAsking(true)}>
            {t('dispatch.seal')}
          </button>
          <div className="seal-preview">
            <PdfPreview pdfBase64={value.pdfBase64} marker={value.position} />
          </div>
        </>
      )}
      {asking && (
        <PinDialog
          title={t('exchange.pinTitle')}
          busyText={t('dispatch.sealing')}
          run={async (pin) => {
            await api.sealDocument({ instanceId: flow.id, pin });
            onDone();
          }}
          onClose={() => setAsking(false)}
        />
      )}
    </div>
  );
}

/** 核发: recipients by name or code from the hub's directory, sent with the seal PIN. */
function SendStep({ flow, onDone }: { flow: WorkflowView; onDone: () => void }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<Map<string, string>>(new Map());
  const [asking, setAsking] = useState(false);
  const [directory, setDirectory] = useState<{ code: string; name: string }[]>([]);
  const [error, setError] = useState<unknown>();
  const preview = useLoad(() => api.sealPreview({ instanceId: flow.id }), [api, flow.id]);
  useEffect(() => {
    let live = true;
    api.agencyDirectory({ query }).then(
      (entries) => live && (setDirectory(entries), setError(undefined)),
      (failure: unknown) => live && setError(failure),
    );
    return () => {
      live = false;
    };
  }, [api, query]);
  const toggle = (code: string, name: string) =>
    setChosen((current) => {
      const next = new Map(current);
      if (next.has(code)) next.delete(code);
      else next.set(code, name);
      return next;
    });
  return (
    <div className="send-step">
      <div>
        <label htmlFor="recipient-search">{t('dispatch.recipientSearch')}</label>
        <input id="recipient-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        <ErrorLine error={error} />
        <fieldset className="recipients">
          <legend>{t('dispatch.recipients')}</legend>
          {directory.length === 0 && <p className="muted">{t('dispatch.recipientEmpty')}</p>}
          {directory.map((entry) => (
            <label key={entry.code} className="check">
              <input type="checkbox" checked={chosen.has(entry.code)} onChange={() => toggle(entry.code, entry.name)} />
              {entry.name}
              <span className="muted code">{entry.code}</span>
            </label>
          ))}
        </fieldset>
        <p data-testid="chosen-recipients">
          {t('dispatch.chosen', { count: chosen.size })}
          {chosen.size > 0 && `：${[...chosen.values()].join('、')}`}
        </p>
        <button type="button" className="primary" disabled={chosen.size === 0} onClick={() => setAsking(true)}>
          {t('dispatch.send')}
        </button>
      </div>
      {preview.value !== undefined && (
        <div className="seal-preview">
          <p className="muted">{t('dispatch.sealedNote')}</p>
          <PdfPreview pdfBase64={preview.value.pdfBase64} />
        </div>
      )}
      {asking && (
        <PinDialog
          title={t('exchange.pinTitle')}
          busyText={t('dispatch.sending')}
          run={async (pin) => {
            await api.dispatchDocument({ instanceId: flow.id, recipients: [...chosen.keys()], pin });
            onDone();
          }}
          onClose={() => setAsking(false)}
        />
      )}
    </div>
  );
}

/** 发文记录: each sent document, each recipient's state, reason and verified receipt. */
function SentList({
  sent,
  error,
  onResent,
  navigate,
}: {
  sent: SentMessageView[];
  error: unknown;
  onResent: () => void;
  navigate: (route: Route) => void;
}) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const { api } = useSession();
  const [resendError, setResendError] = useState<unknown>();
  const queued = sent.some((message) => message.recipients.some((r) => r.state === 'queued'));
  const resend = async () => {
    setResendError(undefined);
    try {
      const after = await api.resendQueued({});
      if (after.some((m) => m.recipients.some((r) => r.state === 'queued'))) {
        setResendError({ queued: true });
      }
      onResent();
    } catch (failure) {
      setResendError(failure);
    }
  };
  return (
    <section aria-labelledby="sent-title" className="panel">
      <div className="row">
        <h2 id="sent-title">{t('dispatch.sentTitle')}</h2>
        <button type="button" onClick={onResent}>
          {t('exchange.refresh')}
        </button>
      </div>
      <ErrorLine error={error} />
      {queued && (
        <div role="alert" className="notice warn" data-testid="queued-notice">
          <p>{localized(formatErrorText('DISPATCH_QUEUED'))}</p>
          <button type="button" onClick={() => void resend()}>
            {t('dispatch.resend')}
          </button>
          {resendError !== undefined && !(resendError as { queued?: boolean }).queued && (
            <ErrorLine error={resendError} />
          )}
        </div>
      )}
      {sent.length === 0 && <p className="muted">{t('dispatch.sentEmpty')}</p>}
      <ul className="plain sent">
        {sent.map((message) => (
          <li key={message.messageId} data-testid="sent-message">
            <div className="row">
              <strong>{message.title}</strong>
              <span>{message.docNumber}</span>
              {message.sentAt && <span className="muted">{formatTime(message.sentAt)}</span>}
              {message.documentId && (
                <button
                  type="button"
                  className="link"
                  onClick={() => navigate({ screen: 'document', documentId: message.documentId! })}
                >
                  {t('dispatch.openDocument')}
                </button>
              )}
            </div>
            <table className="tasks">
              <tbody>
                {message.recipients.map((r) => (
                  <tr key={r.agencyCode} data-testid="sent-recipient" data-agency={r.agencyCode}>
                    <td>{r.agencyName}</td>
                    <td>
                      <StateBadge state={r.state} />
                    </td>
                    <td>
                      {r.reason && t('dispatch.reason', { reason: r.reason })}
                      {r.receipt && (
                        <span className={r.receipt.valid ? 'ok' : 'error'}>
                          {t('dispatch.receipt', { time: formatTime(r.receipt.signedAt), signer: r.receipt.signer })} ·{' '}
                          {r.receipt.valid ? t('dispatch.receiptValid') : t('dispatch.receiptInvalid')}
                        </span>
                      )}
                    </td>
                    <td>
                      <RecallControl message={message} recipient={r} onDone={onResent} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </li>
        ))}
      </ul>
    </section>
  );
}
