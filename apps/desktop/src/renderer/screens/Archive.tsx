import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccessLogEntry, ArchiveJobView, ArchiveOutcome, ArchivedItemView, ExportView } from '../../api-contract';
import { useSession } from '../api-context';
import { useLocalized } from '../i18n';
import { useLoad } from '../use-load';
import { ErrorLine, formatTime } from './common';
import { PinDialog } from './exchange-common';

const retentions = ['Y', 'D30', 'D10'] as const;
type Retention = (typeof retentions)[number];

/**
 * 归档 for records officers: the finished documents waiting at the 归档 step, archived in a batch
 * with the 归档章 (the key store's PIN asked in a dialog, sent only as the call's argument), the
 * holdings with search, and each item's view log.
 */
export function Archive() {
  const { t } = useTranslation();
  const localized = useLocalized();
  const { api } = useSession();
  const pending = useLoad(
    async () => (await api.listTasks({ box: 'todo' })).filter((item) => item.stepId === 'archive'),
    [api],
  );
  const [query, setQuery] = useState('');
  const holdings = useLoad(() => api.searchArchive(query.trim() === '' ? {} : { text: query.trim() }), [api]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [fonds, setFonds] = useState('');
  const [unit, setUnit] = useState('');
  const [retention, setRetention] = useState<Retention>('Y');
  const [keyStorePath, setKeyStorePath] = useState('');
  const [pinOpen, setPinOpen] = useState<'archive' | 'export' | false>(false);
  const [outDir, setOutDir] = useState('');
  const [exported, setExported] = useState<ExportView | undefined>();
  const [job, setJob] = useState<ArchiveJobView | undefined>();
  const [jobError, setJobError] = useState<unknown>();
  const running = job !== undefined && !job.finished;
  const [viewError, setViewError] = useState<unknown>();
  const [outcomes, setOutcomes] = useState<ArchiveOutcome[]>([]);
  const [viewed, setViewed] = useState<{ item: ArchivedItemView; log: AccessLogEntry[] } | undefined>();
  const items = pending.value ?? [];
  const [titles] = useState(() => new Map<string, string>());
  for (const item of items) titles.set(item.instanceId, item.title);

  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  // Both throw when the job cannot start (wrong PIN, folder not writable): the PIN dialog shows
  // the message and stays open. Once started, the dialog closes and the progress bar follows.
  const exportPackage = async (pin: string) => {
    const codes = (holdings.value ?? []).map((item) => item.archivalCode);
    setExported(undefined);
    follow(
      await api.startArchiveExport({
        archivalCodes: codes,
        outDir: outDir.trim(),
        keyStorePath: keyStorePath.trim(),
        pin,
      }),
    );
  };

  const archive = async (pin: string) => {
    follow(
      await api.startArchiving({
        instanceIds: [...selected],
        fonds: fonds.trim(),
        unit: unit.trim(),
        retention,
        keyStorePath: keyStorePath.trim(),
        pin,
      }),
    );
  };

  const follow = (first: ArchiveJobView) => {
    setJob(first);
    void (async () => {
      let view = first;
      try {
        while (!view.finished) {
          await new Promise((resolve) => setTimeout(resolve, 250));
          view = await api.archiveJob({ jobId: first.jobId });
          setJob(view);
        }
      } catch (failure) {
        setJobError(failure);
        return;
      }
      if (view.kind === 'archive') {
        setOutcomes(view.outcomes);
        setSelected(new Set(view.outcomes.filter((r) => !r.ok).map((r) => r.instanceId)));
        pending.reload();
      }
      if (view.exported !== null) setExported(view.exported);
      holdings.reload();
    })();
  };

  const view = async (archivalCode: string) => {
    setViewError(undefined);
    try {
      setViewed(await api.viewArchivedItem({ archivalCode, purpose: t('archive.view') }));
    } catch (failure) {
      setViewError(failure);
    }
  };

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
              <label className="check">
                <input
                  type="checkbox"
                  checked={selected.has(item.instanceId)}
                  onChange={() => toggle(item.instanceId)}
                />
                {item.title}
              </label>
            </li>
          ))}
        </ul>
      )}
      <div className="grid archive-place">
        <label>
          {t('archive.fonds')}
          <input value={fonds} onChange={(e) => setFonds(e.target.value)} placeholder="J012" />
        </label>
        <label>
          {t('archive.unit')}
          <input value={unit} onChange={(e) => setUnit(e.target.value)} placeholder="BGS" />
        </label>
        <label>
          {t('archive.retention')}
          <select value={retention} onChange={(e) => setRetention(e.target.value as Retention)}>
            {retentions.map((r) => (
              <option key={r} value={r}>
                {t(`archive.retention${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('archive.keyStore')}
          <input value={keyStorePath} onChange={(e) => setKeyStorePath(e.target.value)} />
        </label>
      </div>
      <button
        type="button"
        className="primary"
        disabled={
          running || selected.size === 0 || fonds.trim() === '' || unit.trim() === '' || keyStorePath.trim() === ''
        }
        onClick={() => setPinOpen('archive')}
      >
        {t('archive.batch', { count: selected.size })}
      </button>
      {outcomes.length > 0 && (
        <ul className="plain-list" data-testid="archive-results" aria-live="polite">
          {outcomes.map((outcome) => (
            <li key={outcome.instanceId} className={outcome.ok ? 'ok' : 'error'}>
              {titles.get(outcome.instanceId) ?? ''}：
              {outcome.ok
                ? t('archive.archived', { code: outcome.archivalCode })
                : t('archive.failed', { reason: localized(outcome.error.message) })}
            </li>
          ))}
        </ul>
      )}

      <h2>{t('archive.items', { count: holdings.value?.length ?? 0 })}</h2>
      <form
        role="search"
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          holdings.reload();
        }}
      >
        <input
          aria-label={t('archive.searchText')}
          placeholder={t('archive.searchText')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <button type="submit">{t('archive.search')}</button>
      </form>
      <table className="tasks">
        <thead>
          <tr>
            <th scope="col">{t('archive.code')}</th>
            <th scope="col">{t('archive.itemTitle')}</th>
            <th scope="col">{t('archive.year')}</th>
            <th scope="col">{t('archive.pages')}</th>
            <th scope="col">{t('archive.viewLog')}</th>
          </tr>
        </thead>
        <tbody>
          {(holdings.value ?? []).map((item) => (
            <tr key={item.archivalCode}>
              <td>{item.archivalCode}</td>
              <td>{item.title}</td>
              <td>{item.year}</td>
              <td>{item.pages}</td>
              <td>
                <button type="button" onClick={() => void view(item.archivalCode)}>
                  {t('archive.view')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <label>
          {t('archive.outDir')}
          <input value={outDir} onChange={(e) => setOutDir(e.target.value)} />
        </label>
        <button
          type="button"
          disabled={
            running || (holdings.value ?? []).length === 0 || outDir.trim() === '' || keyStorePath.trim() === ''
          }
          onClick={() => setPinOpen('export')}
        >
          {t('archive.export')}
        </button>
      </div>
      {job !== undefined && <JobProgress job={job} />}
      <ErrorLine error={jobError} />
      {exported !== undefined && <CheckReport exported={exported} />}
      {viewed !== undefined && (
        <div className="panel" data-testid="view-log">
          <h2>
            {t('archive.viewLog')} · {viewed.item.archivalCode}
          </h2>
          <ul className="plain-list">
            {viewed.log.map((entry, index) => (
              <li key={index}>
                {formatTime(entry.at)} · {entry.actor} · {entry.purpose ?? ''}
              </li>
            ))}
          </ul>
        </div>
      )}

      <ErrorLine error={viewError} />
      {pinOpen && (
        <PinDialog
          title={t('archive.pinTitle')}
          hint={t('archive.pinHint')}
          pinLabel={t('archive.pin')}
          busyText={t('archive.opening')}
          run={pinOpen === 'export' ? exportPackage : archive}
          onClose={() => setPinOpen(false)}
        />
      )}
    </section>
  );
}

/** How far a 归档 or export job is: a bar, what it is doing, and why it stopped if it failed. */
function JobProgress({ job }: { job: ArchiveJobView }) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const label =
    job.phase === 'check'
      ? t('archive.checkingPackage')
      : job.finished
        ? t(job.kind === 'export' ? 'archive.exportDone' : 'archive.archiveDone', { done: job.done, total: job.total })
        : t(job.kind === 'export' ? 'archive.exportProgress' : 'archive.progress', {
            done: job.done,
            total: job.total,
          });
  return (
    <div className="job-progress" data-testid="archive-job">
      <progress max={job.total} value={job.phase === 'items' ? job.done : job.total} />{' '}
      <span role="status">{label}</span>
      {job.error !== null && (
        <p role="alert" className="error">
          {localized(job.error.message)}
        </p>
      )}
    </div>
  );
}

/** The 四性检测 report of an exported package: a line per property, then every check. */
function CheckReport({ exported }: { exported: ExportView }) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const { report } = exported;
  const properties = ['authenticity', 'integrity', 'usability', 'security'] as const;
  const status = { passed: t('archive.passed'), failed: t('archive.failedCheck'), skipped: t('archive.skipped') };
  const ordered = [...report.results].sort((a, b) => Number(b.status === 'failed') - Number(a.status === 'failed'));
  return (
    <div className="panel" data-testid="check-report">
      <h2>{t('archive.report')}</h2>
      <p className="muted">{t('archive.exported', { dir: exported.dir, count: exported.items })}</p>
      <p className={report.ok ? 'ok' : 'error'} role="status">
        {report.ok ? t('archive.reportOk') : t('archive.reportFailed')}
      </p>
      <ul className="plain-list">
        {properties.map((property) => (
          <li key={property}>
            {t('archive.summary', { name: t(`archive.properties.${property}`), ...report.summary[property] })}
          </li>
        ))}
      </ul>
      <table className="tasks">
        <tbody>
          {ordered.map((result, index) => (
            <tr key={index} className={result.status === 'failed' ? 'overdue' : undefined}>
              <td>{t(`archive.properties.${result.property}`)}</td>
              <td>
                <code>{result.check}</code>
              </td>
              <td>{status[result.status]}</td>
              <td>{localized(result.reason)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
