import { useTranslation } from 'react-i18next';
import { useSession } from '../api-context';
import { useLoad } from '../use-load';
import { ErrorLine, formatTime } from './common';

/** 归档 for records officers: the finished documents waiting at the 归档 step. */
export function Archive() {
  const { t } = useTranslation();
  const { api } = useSession();
  const pending = useLoad(
    async () => (await api.listTasks({ box: 'todo' })).filter((item) => item.stepId === 'archive'),
    [api],
  );
  const items = pending.value ?? [];
  return (
    <section aria-labelledby="screen-heading">
      <h1 id="screen-heading" tabIndex={-1}>
        {t('archive.title')}
      </h1>
      <ErrorLine error={pending.error} />
      <h2>{t('archive.pending', { count: items.length })}</h2>
      {items.length === 0 ? (
        <p className="muted">{t('archive.pendingEmpty')}</p>
      ) : (
        <ul className="plain-list">
          {items.map((item) => (
            <li key={item.instanceId}>
              {item.title} <span className="muted">· {formatTime(item.updatedAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
