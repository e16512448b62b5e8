import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SentMessageView } from '../../api-contract';
import { useSession } from '../api-context';
import { ErrorLine } from './common';

interface Props {
  message: SentMessageView;
  recipient: SentMessageView['recipients'][number];
  onDone: () => void;
}

/**
 * 撤回 for one recipient that has not fetched the document yet: asks for confirmation (with an
 * optional reason), then recalls it through the hub; a refusal (already fetched) is shown here.
 */
export function RecallControl({ message, recipient, onDone }: Props) {
  const { t } = useTranslation();
  const { api } = useSession();
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const recall = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.recallSent({
        messageId: message.messageId,
        recipients: [recipient.agencyCode],
        ...(reason.trim() === '' ? {} : { reason: reason.trim() }),
      });
      setConfirming(false);
      onDone();
    } catch (failure) {
      // Refused (already fetched): the refreshed row shows the real state, the reason stays here.
      setError(failure);
      setConfirming(false);
      onDone();
    } finally {
      setBusy(false);
    }
  };

  if (!confirming) {
    return (
      <>
        {recipient.state === 'waiting' && (
          <button type="button" onClick={() => setConfirming(true)}>
            {t('dispatch.recall')}
          </button>
        )}
        <ErrorLine error={error} />
      </>
    );
  }
  return (
    <div className="recall-confirm" role="group" aria-label={t('dispatch.recallConfirmLabel')}>
      <p>{t('dispatch.recallQuestion', { agency: recipient.agencyName, title: message.title })}</p>
      <label>
        {t('dispatch.recallReason')}
        <input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
      </label>
      <div className="row">
        <button type="button" className="primary" disabled={busy} onClick={() => void recall()}>
          {busy ? t('dispatch.recalling') : t('dispatch.recallConfirm')}
        </button>
        <button type="button" disabled={busy} onClick={() => (setConfirming(false), setError(undefined))}>
          {t('dispatch.recallCancel')}
        </button>
      </div>
    </div>
  );
}
