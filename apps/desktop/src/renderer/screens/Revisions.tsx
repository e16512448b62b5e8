import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RevisionChange } from '../../api-contract';
import { errorText, useSession } from '../api-context';
import { useLocalized } from '../i18n';
import { useLoad } from '../use-load';
import { formatTime } from './common';

/** 修改痕迹: the insertions and deletions between two snapshots of the body, with their authors. */
export function Revisions({ documentId, flowVersion }: { documentId: string; flowVersion: number }) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const { api } = useSession();
  // Steps take snapshots: reload when the flow moves.
  const snapshots = useLoad(() => api.listSnapshots({ documentId }), [api, documentId, flowVersion]);
  const list = snapshots.value ?? [];
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [changes, setChanges] = useState<RevisionChange[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const fromId = from || list.at(-2)?.id || '';
  const toId = to || list.at(-1)?.id || '';

  const compare = async () => {
    setError(undefined);
    try {
      setChanges(await api.diffSnapshots({ documentId, from: fromId, to: toId }));
    } catch (failure) {
      setError(localized(errorText(failure)));
    }
  };
  const snapshot = async () => {
    try {
      await api.snapshotDraft({ documentId, label: formatTime(new Date().toISOString()) });
      snapshots.reload();
    } catch (failure) {
      setError(localized(errorText(failure)));
    }
  };

  const option = (s: (typeof list)[number]) => (
    <option key={s.id} value={s.id}>
      {s.label} · {formatTime(s.createdAt)}
    </option>
  );
  return (
    <div className="panel" aria-labelledby="revisions-heading">
      <h2 id="revisions-heading">{t('doc.revisions')}</h2>
      {list.length < 2 ? (
        <p className="muted">{t('doc.noSnapshots')}</p>
      ) : (
        <div className="row">
          <label>
            {t('doc.from')}
            <select value={fromId} onChange={(e) => setFrom(e.target.value)}>
              {list.map(option)}
            </select>
          </label>
          <label>
            {t('doc.to')}
            <select value={toId} onChange={(e) => setTo(e.target.value)}>
              {list.map(option)}
            </select>
          </label>
          <button type="button" onClick={() => void compare()}>
            {t('doc.compare')}
          </button>
        </div>
      )}
      <button type="button" onClick={() => void snapshot()}>
        {t('doc.snapshot')}
      </button>
      {error !== undefined && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {changes !== undefined &&
        (changes.length === 0 ? (
          <p className="muted">{t('doc.noChanges')}</p>
        ) : (
          <ul className="changes" data-testid="revision-marks">
            {changes.map((change, index) => (
              <li key={index}>
                {change.type === 'insert' ? <ins>{change.text}</ins> : <del>{change.text}</del>}{' '}
                <span className="muted">
                  {change.type === 'insert' ? t('doc.insert') : t('doc.delete')} ·{' '}
                  {change.author?.name ?? t('doc.unknownAuthor')}
                </span>
              </li>
            ))}
          </ul>
        ))}
    </div>
  );
}
