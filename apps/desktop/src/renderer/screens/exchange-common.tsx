import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExchangeStatusView, OutgoingRecipientState } from '../../api-contract';
import { errorText, useSession } from '../api-context';
import { bytesFromBase64 } from '../base64';
import { useLocalized } from '../i18n';
import { formatTime } from './common';

/**
 * The seal PIN dialog of the exchange screens: the PIN goes only into the one call `run` makes;
 * a wrong PIN keeps the dialog open with the message under the field (nothing else is lost).
 */
export function PinDialog({
  title,
  busyText,
  run,
  onClose,
  hint,
  pinLabel,
}: {
  title: string;
  busyText: string;
  /** Defaults: the seal PIN's texts. */
  hint?: string;
  pinLabel?: string;
  run: (pin: string) => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await run(pin);
      window.dispatchEvent(new Event(exchangeChangedEvent)); // the header re-reads the hub state
      onClose();
    } catch (failure) {
      setError(localized(errorText(failure)));
      setPin('');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div role="dialog" aria-modal="true" aria-labelledby="exchange-pin-title" className="dialog-backdrop">
      <form className="dialog" onSubmit={(event) => void confirm(event)}>
        <h2 id="exchange-pin-title">{title}</h2>
        <p className="muted">{hint ?? t('exchange.pinHint')}</p>
        <label>
          {pinLabel ?? t('exchange.pin')}
          <input
            type="password"
            autoFocus
            autoComplete="off"
            value={pin}
            aria-invalid={error !== undefined}
            onChange={(e) => setPin(e.target.value)}
          />
        </label>
        {error !== undefined && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {busy && (
          <p role="status">
            <progress /> {busyText}
          </p>
        )}
        <div className="row">
          <button type="submit" className="primary" disabled={busy || pin === ''}>
            {t('exchange.confirm')}
          </button>
          <button type="button" onClick={onClose} disabled={busy}>
            {t('exchange.cancel')}
          </button>
        </div>
      </form>
    </div>
  );
}

/** Fired on window after connecting, so the header's hub state updates at once. */
export const exchangeChangedEvent = 'oa-exchange-changed';

/** The hub link line of the exchange screens: configured or not, connected or not, and Connect. */
export function ExchangeBar({ status, onChange }: { status: ExchangeStatusView | undefined; onChange: () => void }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const [connecting, setConnecting] = useState(false);
  if (status === undefined) return null;
  if (!status.configured) {
    return (
      <p className="notice warn" role="status" data-testid="exchange-state">
        {t('exchange.notConfigured')}
      </p>
    );
  }
  return (
    <div className="exchange-bar" data-testid="exchange-state">
      <span className={status.connected && status.reachable !== false ? 'status online' : 'status offline'}>
        ●{' '}
        {status.reachable === false
          ? t('exchange.unreachable')
          : status.connected
            ? t('exchange.connected', { until: formatTime(status.expiresAt ?? '') })
            : t('exchange.disconnected')}
      </span>
      <span className="muted">
        {status.link?.agencyName} · {status.link?.hubUrl}
      </span>
      {!status.connected && (
        <button type="button" onClick={() => setConnecting(true)}>
          {t('exchange.connect')}
        </button>
      )}
      {connecting && (
        <PinDialog
          title={t('exchange.pinTitle')}
          busyText={t('exchange.connect')}
          run={async (pin) => {
            await api.connectExchange({ pin });
            onChange();
          }}
          onClose={() => setConnecting(false)}
        />
      )}
    </div>
  );
}

/** A recipient state as a coloured badge (待签收 / 已签收 / 已退回 / 撤回). */
export function StateBadge({ state }: { state: OutgoingRecipientState }) {
  const { t } = useTranslation();
  return (
    <span className={`badge state-${state}`} data-state={state}>
      {t(`exchange.states.${state}`)}
    </span>
  );
}

/** base64 → a file the browser downloads (the received sealed PDF). */
export function downloadBase64(fileName: string, base64: string, mediaType = 'application/pdf'): void {
  const url = URL.createObjectURL(new Blob([bytesFromBase64(base64)], { type: mediaType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
