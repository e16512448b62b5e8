import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TaskListItem } from '../../api-contract';
import { errorText, useSession } from '../api-context';
import { useLocalized } from '../i18n';
import type { Route } from '../shell/routes';
import { useLoad } from '../use-load';
import { ErrorLine, formatTime } from './common';

type Outcome = { ok: true } | { ok: false; reason: string };

/**
 * 批量签发: the documents waiting at 签发 for me, ticked and signed off at once with one opinion;
 * a result per document, and a retry of the failed ones.
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
  const [progress, setProgress] = useState<{ done: number; total: number } | undefined>();
  const [outcomes, setOutcomes] = useState<Map<string, Outcome>>(new Map());
  const items = pending.value ?? [];

  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const sign = async (targets: TaskListItem[]) => {
    const results = new Map(outcomes);
    setProgress({ done: 0, total: targets.length });
    for (const [index, item] of targets.entries()) {
      try {
        const flow = await api.getWorkflow({ instanceId: item.instanceId });
        await api.actOnWorkflow({
          instanceId: item.instanceId,
          expectedVersion: flow.version,
          action: {
            type: 'complete',
            stepId: 'sign-off',
            opinion,
            next: { assignees: [{ id: account.id, name: account.displayName }] },
          },
        });
        results.set(item.instanceId, { ok: true });
      } catch (failure) {
        results.set(item.instanceId, { ok: false, reason: localized(errorText(failure)) });
      }
      setProgress({ done: index + 1, total: targets.length });
      setOutcomes(new Map(results));
    }
    // Signed ones stay listed with their result; only the failed stay selectable.
    setSelected(new Set([...results.entries()].filter(([, o]) => !o.ok).map(([id]) => id)));
  };
  const failed = [...outcomes.entries()].filter(([, o]) => !o.ok).map(([id]) => id);
  const known = new Map(items.map((item) => [item.instanceId, item]));

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
                <th scope="col">{t('archive.result')}</th>
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
          <label>
            {t('batch.opinion')}
            <input value={opinion} onChange={(e) => setOpinion(e.target.value)} />
          </label>
          <div className="row">
            <button
              type="button"
              className="primary"
              disabled={selected.size === 0}
              onClick={() => void sign(items.filter((item) => selected.has(item.instanceId)))}
            >
              {t('batch.signSelected', { count: selected.size })}
            </button>
            {failed.length > 0 && (
              <button
                type="button"
                onClick={() => void sign(failed.map((id) => known.get(id)).filter((i) => i !== undefined))}
              >
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
        </>
      )}
    </section>
  );
}
