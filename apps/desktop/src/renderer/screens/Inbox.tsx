import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IncomingMessageView } from '../../api-contract';
import { useSession } from '../api-context';
import { PdfPreview } from '../draft/PdfPreview';
import { useLocalized } from '../i18n';
import type { Route } from '../shell/routes';
import { useLoad } from '../use-load';
import { ErrorLine, formatTime } from './common';
import { ExchangeBar, PinDialog, StateBadge, downloadBase64 } from './exchange-common';

/**
 * 收文: documents sent to this agency, fetched from the hub and verified on arrival — a badge
 * per document (reasons on click), the original to view or download, 签收 with the seal PIN
 * (then the internal 收文 flow) or 退回 with a reason.
 */
export function Inbox({ navigate }: { navigate: (route: Route) => void }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const status = useLoad(() => api.exchangeStatus({}), [api]);
  const [items, setItems] = useState<IncomingMessageView[]>([]);
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setItems(await api.listIncoming({ refresh: true }));
      setError(undefined);
    } catch (failure) {
      // The hub is away or the session closed: say so here and show what is already on this computer.
      setError(failure);
      setItems(await api.listIncoming({ refresh: false }).catch(() => []));
    } finally {
      setLoading(false);
    }
  }, [api]);
  useEffect(() => {
    void load();
  }, [load, status.value?.connected]);

  return (
    <section aria-labelledby="screen-heading">
      <h1 id="screen-heading" tabIndex={-1}>
        {t('inbox.title')}
      </h1>
      <ExchangeBar status={status.value} onChange={status.reload} />
      <div className="row">
        <button type="button" onClick={() => void load()} disabled={loading}>
          {t('exchange.refresh')}
        </button>
        {loading && <progress aria-label={t('common.loading')} />}
      </div>
      <div data-testid="inbox-error">
        <ErrorLine error={error} />
      </div>
      {items.length === 0 && !loading && <p className="muted">{t('inbox.empty')}</p>}
      <ul className="plain inbox">
        {items.map((item) => (
          <IncomingItem key={item.messageId} item={item} onChange={() => void load()} navigate={navigate} />
        ))}
      </ul>
    </section>
  );
}

function IncomingItem({
  item,
  onChange,
  navigate,
}: {
  item: IncomingMessageView;
  onChange: () => void;
  navigate: (route: Route) => void;
}) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const { api } = useSession();
  const [details, setDetails] = useState(false);
  const [viewing, setViewing] = useState<string | undefined>();
  const [signing, setSigning] = useState(false);
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  const open = item.state === 'waiting' || item.state === 'delivered';
  const verdict = item.verification.verdict;

  const original = async () => (await api.incomingDocument({ messageId: item.messageId })).pdfBase64;
  const view = async () => {
    setError(undefined);
    try {
      setViewing(viewing === undefined ? await original() : undefined);
    } catch (failure) {
      setError(failure);
    }
  };
  const download = async () => {
    setError(undefined);
    try {
      const file = await api.incomingDocument({ messageId: item.messageId });
      downloadBase64(file.fileName, file.pdfBase64);
    } catch (failure) {
      setError(failure);
    }
  };
  const sendBack = async () => {
    setError(undefined);
    try {
      await api.returnIncoming({ messageId: item.messageId, reason });
      setReturning(false);
      onChange();
    } catch (failure) {
      setError(failure); // the reason typed stays in the box
    }
  };

  return (
    <li className="panel incoming" data-testid="incoming" data-message={item.messageId}>
      <div className="row">
        <strong>{item.title}</strong>
        <span>{item.docNumber}</span>
        <button
          type="button"
          className={`verdict verdict-${verdict}`}
          data-testid="verdict"
          data-verdict={verdict}
          aria-expanded={details}
          title={t('inbox.badgeHint')}
          onClick={() => setDetails(!details)}
        >
          {verdict === 'valid' ? '✔' : verdict === 'invalid' ? '✖' : '？'} {t(`inbox.badge.${verdict}`)}
        </button>
        <StateBadge state={item.state} />
      </div>
      <p className="muted">
        {t('inbox.from', { name: item.senderName })} · {t('inbox.received', { time: formatTime(item.receivedAt) })}
        {item.reason && ` · ${t('dispatch.reason', { reason: item.reason })}`}
      </p>
      {details && (
        <div className="verification" data-testid="verification-details">
          <h3>{t('inbox.reasonsTitle')}</h3>
          {item.verification.seal && (
            <p>{t('inbox.sealOf', { name: item.verification.seal.name, code: item.verification.seal.agencyCode })}</p>
          )}
          {item.verification.reasons.filter((r) => r.severity !== 'info').length === 0 ? (
            <p className="ok">{t('inbox.noReasons')}</p>
          ) : (
            <ul>
              {item.verification.reasons
                .filter((r) => r.severity !== 'info')
                .map((reason, index) => (
                  <li key={`${reason.code}-${index}`} className={reason.severity === 'warning' ? 'muted' : 'error'}>
                    {localized(reason.message)} <code>{reason.code}</code>
                  </li>
                ))}
            </ul>
          )}
        </div>
      )}
      <div className="row">
        <button type="button" onClick={() => void view()}>
          {t('inbox.view')}
        </button>
        <button type="button" onClick={() => void download()}>
          {t('inbox.download')}
        </button>
        {open && (
          <>
            <button
              type="button"
              className="primary"
              disabled={verdict !== 'valid'}
              title={verdict !== 'valid' ? t('inbox.signForBlocked') : undefined}
              onClick={() => setSigning(true)}
            >
              {t('inbox.signFor')}
            </button>
            {verdict !== 'valid' && <span className="muted">{t('inbox.signForBlocked')}</span>}
            <button type="button" onClick={() => setReturning(!returning)}>
              {t('inbox.return')}
            </button>
          </>
        )}
        {item.documentId && (
          <button
            type="button"
            className="link"
            onClick={() => navigate({ screen: 'document', documentId: item.documentId! })}
          >
            {t('inbox.handle')}
          </button>
        )}
      </div>
      {returning && open && (
        <div className="field return-box">
          <label htmlFor={`return-${item.messageId}`}>{t('inbox.returnReason')}</label>
          <textarea
            id={`return-${item.messageId}`}
            rows={2}
            value={reason}
            aria-invalid={error !== undefined}
            onChange={(e) => {
              setReason(e.target.value);
              setError(undefined);
            }}
          />
          <button type="button" onClick={() => void sendBack()}>
            {t('inbox.returnConfirm')}
          </button>
        </div>
      )}
      <ErrorLine error={error} />
      {viewing !== undefined && (
        <div className="seal-preview">
          <PdfPreview pdfBase64={viewing} />
        </div>
      )}
      {signing && (
        <PinDialog
          title={t('exchange.pinTitle')}
          busyText={t('inbox.signFor')}
          run={async (pin) => {
            await api.signForIncoming({ messageId: item.messageId, pin });
            onChange();
          }}
          onClose={() => setSigning(false)}
        />
      )}
    </li>
  );
}
