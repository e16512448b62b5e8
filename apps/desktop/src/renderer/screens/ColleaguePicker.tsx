import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ColleagueView } from '../../api-contract';
import { useSession } from '../api-context';
import { ErrorLine } from './common';

interface Props {
  /** Accessible name of the group (what the chosen people are for). */
  label: string;
  chosen: ColleagueView[];
  onChange: (chosen: ColleagueView[]) => void;
}

/** Colleagues of one's agency (from the hub) to tick, by department (处室), filtered by name, login or department. */
export function ColleaguePicker({ label, chosen, onChange }: Props) {
  const { t } = useTranslation();
  const { api } = useSession();
  const [colleagues, setColleagues] = useState<ColleagueView[] | undefined>();
  const [error, setError] = useState<unknown>();
  const [filter, setFilter] = useState('');
  useEffect(() => {
    api.listColleagues({}).then(setColleagues, setError);
  }, [api]);

  const ids = new Set(chosen.map((c) => c.id));
  const toggle = (colleague: ColleagueView) =>
    onChange(ids.has(colleague.id) ? chosen.filter((c) => c.id !== colleague.id) : [...chosen, colleague]);
  const needle = filter.trim().toLowerCase();
  const shown = (colleagues ?? []).filter(
    (c) =>
      needle === '' ||
      c.login.toLowerCase().includes(needle) ||
      c.name.toLowerCase().includes(needle) ||
      (c.department ?? '').toLowerCase().includes(needle),
  );
  // The list comes sorted by department; people without one last.
  const departments = [...new Set(shown.map((c) => c.department))];
  return (
    <fieldset className="colleague-picker">
      <legend>{label}</legend>
      <ErrorLine error={error} />
      {colleagues === undefined && error === undefined && <p className="muted">{t('people.loading')}</p>}
      {colleagues !== undefined && (
        <>
          <label>
            {t('people.filter')}
            <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
          </label>
          {shown.length === 0 && <p className="muted">{t('people.none')}</p>}
          {departments.map((department) => (
            <div
              key={department ?? ''}
              className="colleague-department"
              role="group"
              aria-label={department ?? t('people.noDepartment')}
            >
              <div className="colleague-department-name">{department ?? t('people.noDepartment')}</div>
              <div className="colleague-list">
                {shown
                  .filter((colleague) => colleague.department === department)
                  .map((colleague) => (
                    <label key={colleague.id} className="check">
                      <input type="checkbox" checked={ids.has(colleague.id)} onChange={() => toggle(colleague)} />
                      {colleague.name}
                      {colleague.name !== colleague.login && <span className="muted code"> {colleague.login}</span>}
                    </label>
                  ))}
              </div>
            </div>
          ))}
          <p className="muted" data-testid="chosen-colleagues">
            {t('people.chosen', { count: chosen.length })}
            {chosen.length > 0 &&
              `：${chosen.map((c) => (c.department === null ? c.name : `${c.name}（${c.department}）`)).join('、')}`}
          </p>
        </>
      )}
    </fieldset>
  );
}
