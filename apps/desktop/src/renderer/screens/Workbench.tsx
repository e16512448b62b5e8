import { useEffect, useRef, useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentStage, SearchHit, TaskBox, TaskListItem } from '../../api-contract';
import { errorText, useSession } from '../api-context';
import { useLocalized } from '../i18n';
import type { Route } from '../shell/routes';
import { useLoad } from '../use-load';
import { ErrorLine, formatTime } from './common';

interface Props {
  navigate: (route: Route) => void;
}

const boxes: { box: Exclude<TaskBox, 'overdue'>; label: string }[] = [
  { box: 'todo', label: 'nav.todo' },
  { box: 'done', label: 'nav.done' },
  { box: 'to-read', label: 'nav.toRead' },
  { box: 'drafted', label: 'nav.drafted' },
];

/** 工作台: the four lists with counts, overdue warnings (催办), search with filters. */
export function Workbench({ navigate }: Props) {
  const { t } = useTranslation();
  const { api } = useSession();
  const lists = useLoad(async () => {
    const entries = await Promise.all(
      [...boxes.map((b) => b.box), 'overdue' as const].map(async (box) => [box, await api.listTasks({ box })] as const),
    );
    return Object.fromEntries(entries) as Record<TaskBox, TaskListItem[]>;
  }, [api]);
  const recent = useLoad(() => api.listDocuments({ limit: 10 }), [api]);
  const overdue = lists.value?.overdue ?? [];

  return (
    <section aria-labelledby="screen-heading">
      <h1 id="screen-heading" tabIndex={-1}>
        {t('workbench.title')}
      </h1>
      <ErrorLine error={lists.error} />
      {lists.value !== undefined && (
        <p role={overdue.length > 0 ? 'alert' : 'status'} className={overdue.length > 0 ? 'warning' : 'muted'}>
          {overdue.length > 0 ? t('workbench.overdue', { count: overdue.length }) : t('workbench.overdueNone')}
        </p>
      )}
      <div className="tiles">
        {boxes.map(({ box, label }) => (
          <button
            type="button"
            key={box}
            className="tile"
            data-testid={`count-${box}`}
            onClick={() => navigate({ screen: 'box', box })}
          >
            <span className="tile-count">{lists.value?.[box].length ?? '…'}</span>
            <span>{t(label)}</span>
          </button>
        ))}
      </div>
      <Search navigate={navigate} />
      <h2>{t('nav.todo')}</h2>
      <TaskTable items={lists.value?.todo} navigate={navigate} />
      <h2>{t('workbench.recent')}</h2>
      <ul className="plain-list">
        {(recent.value ?? []).map((doc) => (
          <li key={doc.id}>
            <button type="button" className="link" onClick={() => navigate({ screen: 'document', documentId: doc.id })}>
              {doc.title}
            </button>
            <span className="muted">
              {' '}
              · {doc.stage === 'draft' ? t('workbench.stageDraft') : t('workbench.stageFinal')} ·{' '}
              {formatTime(doc.updatedAt)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Full-text search (the core's FTS) with a stage filter; `/` focuses the box. */
function Search({ navigate }: Props) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const { api } = useSession();
  const input = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const [stage, setStage] = useState<DocumentStage | 'all'>('all');
  const [hits, setHits] = useState<SearchHit[] | undefined>();
  const [error, setError] = useState<string | undefined>();

  useSlashFocus(input);

  const search = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      const found = await api.searchDocuments({ query });
      setHits(stage === 'all' ? found : found.filter((hit) => hit.stage === stage));
    } catch (failure) {
      setError(localized(errorText(failure)));
    }
  };

  return (
    <form role="search" className="search" onSubmit={(event) => void search(event)}>
      <label>
        {t('workbench.search')}
        <input
          ref={input}
          type="search"
          value={query}
          placeholder={t('workbench.searchPlaceholder')}
          onChange={(e) => setQuery(e.target.value)}
        />
      </label>
      <label>
        {t('workbench.stageFilter')}
        <select value={stage} onChange={(e) => setStage(e.target.value as DocumentStage | 'all')}>
          <option value="all">{t('workbench.stageAll')}</option>
          <option value="draft">{t('workbench.stageDraft')}</option>
          <option value="final">{t('workbench.stageFinal')}</option>
        </select>
      </label>
      <button type="submit">{t('workbench.searchButton')}</button>
      {error !== undefined && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {hits !== undefined && (
        <div className="results" aria-live="polite">
          <h2>{t('workbench.results', { count: hits.length })}</h2>
          {hits.length === 0 && <p className="muted">{t('workbench.noResults')}</p>}
          <ul className="plain-list">
            {hits.map((hit) => (
              <li key={hit.id}>
                <button
                  type="button"
                  className="link"
                  onClick={() => navigate({ screen: 'document', documentId: hit.id })}
                >
                  {hit.title}
                </button>
                <div className="snippet">{hit.snippet}</div>
              </li>
            ))}
          </ul>
        </div>
      )}
    </form>
  );
}

/** `/` (outside a text field) focuses the search box. */
function useSlashFocus(input: RefObject<HTMLInputElement | null>) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.key === '/' && !(target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) {
        event.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [input]);
}

/** One task list (待办 / 已办 / 待阅 / 我起草的). */
export function TaskBoxList({ box, navigate }: { box: Exclude<TaskBox, 'overdue'> } & Props) {
  const { t } = useTranslation();
  const { api } = useSession();
  const list = useLoad(() => api.listTasks({ box }), [api, box]);
  const label = boxes.find((b) => b.box === box)!.label;
  return (
    <section aria-labelledby="screen-heading">
      <h1 id="screen-heading" tabIndex={-1}>
        {t(label)} <span className="badge">{t('workbench.count', { count: list.value?.length ?? 0 })}</span>
      </h1>
      <ErrorLine error={list.error} />
      <TaskTable items={list.value} navigate={navigate} />
    </section>
  );
}

function TaskTable({ items, navigate }: { items: TaskListItem[] | undefined } & Props) {
  const { t } = useTranslation();
  const localized = useLocalized();
  if (items === undefined) return <p className="muted">{t('common.loading')}</p>;
  if (items.length === 0) return <p className="muted">{t('workbench.empty')}</p>;
  return (
    <table className="tasks">
      <thead>
        <tr>
          <th scope="col">{t('draft.docTitle')}</th>
          <th scope="col">{t('workbench.step')}</th>
          <th scope="col">{t('workbench.pending')}</th>
          <th scope="col">{t('workbench.due')}</th>
          <th scope="col">{t('workbench.updated')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={`${item.instanceId}`} className={item.overdue ? 'overdue' : undefined}>
            <td>
              <button
                type="button"
                className="link"
                onClick={() => navigate({ screen: 'document', documentId: item.documentId })}
              >
                {item.title}
              </button>
              {item.overdue && <span className="badge danger">{t('workbench.overdueBadge')}</span>}
            </td>
            <td>{item.stepName === null ? t('workbench.finished') : localized(item.stepName)}</td>
            <td>{item.pending.map((p) => p.name).join('、')}</td>
            <td>{item.dueAt === null ? '—' : formatTime(item.dueAt)}</td>
            <td>{formatTime(item.updatedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
