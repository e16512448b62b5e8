import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SignOffBatchView } from '../../api-contract';
import { useSession } from '../api-context';
import { useLocalized } from '../i18n';
import type { Route } from '../shell/routes';
import { useLoad } from '../use-load';
import { ErrorLine, formatTime } from './common';
import { PinDialog } from './exchange-common';

type Outcome = { ok: true } | { ok: false; reason: string };

/** The leader's key store path, remembered on this computer (the PIN never is). */
const keyStoreKey = 'oa.signOffKeyStore';
const pollMs = 250;

/**
 * 批量签发: the documents waiting at 签发 for me, ticked and signed off at once with one opinion
 * and one PIN of the leader's personal key: each is typeset, signed (the 签发稿 kept as a signed
 * PDF attachment) and its step completed in the background; a progress bar, a result per
 * document, and a retry of the failed ones.
 */
export function BatchSign({ navigate }: { navigate: (route: Route) => void }) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const { api, account } = useSession();
  const pending = useLoad(
    async () => (await api.listTasks({ box: 'todo' })).filter((item) => item.stepId === 'sign-off'),
    [api],
  );
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [opinion, setOpinion] = useState(t('phrases.0'));
  const [keyStorePath, setKeyStorePath] = useState(() => localStorage.getItem(keyStoreKey) ?? '');
  const [pinFor, setPinFor] = useState<string[] | undefined>();
  const [progress, setProgress] = useState<{ done: number; total: number } | undefined>();
  const [outcomes, setOutcomes] = useState<Map<string, Outcome>>(new Map());
  const [pollError, setPollError] = useState<unknown>();
  const items = pending.value ?? [];

  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const show = (batch: SignOffBatchView) => {
    setProgress({ done: batch.done, total: batch.total });
    const results = new Map(outcomes);
    for (const item of batch.items) {
      if (item.status === 'signed') results.set(item.instanceId, { ok: true });
      if (item.status === 'failed' && item.error !== null) {
        results.set(item.instanceId, { ok: false, reason: localized(item.error.message) });
      }
    }
    setOutcomes(results);
    return results;
  };

  /** Runs inside the PIN dialog: a wrong PIN throws there (nothing started); then the dialog closes. */
  const start = async (instanceIds: string[], pin: string) => {
    const batch = await api.startSignOff({
      instanceIds,
      opinion,
      keyStorePath: keyStorePath.trim(),
      pin,
      next: { assignees: [{ id: account.id, name: account.displayName }] },
    });
    localStorage.setItem(keyStoreKey, keyStorePath.trim());
    show(batch);
    void follow(batch.jobId);
  };

  const follow = async (jobId: string) => {
    setPollError(undefined);
    try {
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, pollMs));
        const batch = await api.signOffProgress({ jobId });
        const results = show(batch);
        if (batch.finished) {
          // Signed ones stay listed with their result; only the failed stay selectable.
          setSelected(new Set([...results.entries()].filter(([, o]) => !o.ok).map(([id]) => id)));
          return;
        }
      }
    } catch (failure) {
      setPollError(failure);
    }
  };

  const failed = [...outcomes.entries()].filter(([, o]) => !o.ok).map(([id]) => id);
  const known = new Map(items.map((item) => [item.instanceId, item]));
  const running = progress !== undefined && progress.done < progress.total;

  return (
    <section aria-labelledby="screen-heading">
      <h1 id="screen-heading" tabIndex={-1}>
        {t('batch.title')}
      </h1>
      <ErrorLine error={pending.error} />
      {items.length === 0 && outcomes.size === 0 ? (
        <p className="muted">{t('batch.empty')}</p>
      ) : (
        <>
          <p className="muted">{t('batch.note')}</p>
          <table className="tasks">
            <thead>
              <tr>
                <th scope="col">{t('archive.select')}</th>
                <th scope="col">{t('draft.docTitle')}</th>
                <th scope="col">{t('workbench.updated')}</th>
                <th scope="col">{t('batch.result')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const outcome = outcomes.get(item.instanceId);
                return (
                  <tr key={item.instanceId}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={item.title}
                        checked={selected.has(item.instanceId)}
                        disabled={outcomes.get(item.instanceId)?.ok === true}
                        onChange={() => toggle(item.instanceId)}
                      />
                    </td>
                    <td>
                      <button
                        type="button"
                        className="link"
                        onClick={() => navigate({ screen: 'document', documentId: item.documentId })}
                      >
                        {item.title}
                      </button>
                    </td>
                    <td>{formatTime(item.updatedAt)}</td>
                    <td>
                      {outcome === undefined
                        ? ''
                        : outcome.ok
                          ? t('batch.ok')
                          : t('batch.failed', { reason: outcome.reason })}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="grid batch-fields">
            <div className="field">
              <label htmlFor="batch-opinion">{t('batch.opinion')}</label>
              <input id="batch-opinion" value={opinion} onChange={(e) => setOpinion(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="batch-key-store">{t('batch.keyStore')}</label>
              <input
                id="batch-key-store"
                value={keyStorePath}
                placeholder={t('batch.keyStoreHint')}
                onChange={(e) => setKeyStorePath(e.target.value)}
              />
            </div>
          </div>
          <div className="row">
            <button
              type="button"
              className="primary"
              disabled={selected.size === 0 || keyStorePath.trim() === '' || running}
              onClick={() => setPinFor(items.filter((item) => selected.has(item.instanceId)).map((i) => i.instanceId))}
            >
              {t('batch.signSelected', { count: selected.size })}
            </button>
            {failed.length > 0 && (
              <button type="button" onClick={() => setPinFor(failed.filter((id) => known.has(id)))}>
                {t('batch.retry', { count: failed.length })}
              </button>
            )}
          </div>
          {progress !== undefined && (
            <div>
              <progress max={progress.total} value={progress.done} />{' '}
              <span role="status">{t('batch.progress', progress)}</span>
            </div>
          )}
          <ErrorLine error={pollError} />
        </>
      )}
      {pinFor !== undefined && (
        <PinDialog
          title={t('batch.pinTitle', { count: pinFor.length })}
          hint={t('batch.pinHint')}
          pinLabel={t('batch.pin')}
          busyText={t('batch.opening')}
          run={(pin) => start(pinFor, pin)}
          onClose={() => setPinFor(undefined)}
        />
      )}
    </section>
  );
}
