import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStatusView } from '../../api-contract';
import { useSession } from '../api-context';
import { useLocalized } from '../i18n';

/**
 * The person's sync with the hub in the header (同步状态): synced with the time, how many
 * changes wait to go out, conflicts to look at, or why it is not syncing. Click to sync now.
 */
export function SyncState() {
  const { t } = useTranslation();
  const localized = useLocalized();
  const { api } = useSession();
  const [status, setStatus] = useState<SyncStatusView | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    const check = () =>
      void api.syncStatus({}).then(
        (next) => live && setStatus(next),
        () => undefined,
      );
    check();
    const timer = setInterval(check, 5000);
    window.addEventListener('focus', check);
    return () => {
      live = false;
      clearInterval(timer);
      window.removeEventListener('focus', check);
    };
  }, [api]);

  if (status === undefined) return null;
  const syncNow = async () => {
    setBusy(true);
    try {
      setStatus(await api.syncNow({}));
    } catch {
      // The status line keeps showing the last known state; the next poll refreshes it.
    } finally {
      setBusy(false);
    }
  };
  const time =
    status.lastSyncAt === null
      ? ''
      : new Date(status.lastSyncAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  const label =
    status.connection === 'not-linked'
      ? t('sync.notLinked')
      : status.connection === 'offline'
        ? t('sync.offline', { count: status.pendingOps })
        : status.pendingOps > 0
          ? t('sync.pending', { count: status.pendingOps })
          : status.lastSyncAt === null
            ? t('sync.unknown')
            : t('sync.synced', { time });
  const hint = status.lastError !== null ? localized(status.lastError) : t(`sync.${status.connection}Hint`);
  return (
    <button
      type="button"
      className={`sync-state ${status.connection}`}
      data-testid="sync-state"
      title={hint}
      aria-label={`${label}. ${hint}`}
      disabled={busy || status.connection === 'not-linked'}
      onClick={() => void syncNow()}
    >
      {busy ? t('sync.running') : label}
      {status.openConflicts > 0 && (
        <span className="badge warn">{t('sync.conflicts', { count: status.openConflicts })}</span>
      )}
    </button>
  );
}
