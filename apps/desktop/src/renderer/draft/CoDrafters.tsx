import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ColleagueView, DraftPeopleView } from '../../api-contract';
import { useSession } from '../api-context';
import { ColleaguePicker } from '../screens/ColleaguePicker';
import { ErrorLine } from '../screens/common';

/**
 * 协同拟稿: who works on this draft (only they and the people of its flow can open it), and for
 * the drafter, colleagues to invite. Read from the hub when opened, so an account that never
 * logged in online sees the reason there and nothing else in the drafting screen changes.
 */
export function CoDrafters({ documentId }: { documentId: string }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const [people, setPeople] = useState<DraftPeopleView | undefined>();
  const [chosen, setChosen] = useState<ColleagueView[]>([]);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | undefined>();

  const load = () => {
    setError(undefined);
    api.draftPeople({ documentId }).then(setPeople, setError);
  };
  const invite = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const view = await api.inviteCoDrafters({ documentId, userIds: chosen.map((person) => person.id) });
      setPeople(view);
      setStatus(t('coDraft.invited', { count: chosen.length }));
      setChosen([]);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <details
      className="co-drafters"
      onToggle={(event) => {
        if ((event.target as HTMLDetailsElement).open && people === undefined) load();
      }}
    >
      <summary>{t('coDraft.title')}</summary>
      <p className="muted">{t('coDraft.hint')}</p>
      <ErrorLine error={error} />
      {people === undefined && error === undefined && <p className="muted">{t('coDraft.loading')}</p>}
      {people !== undefined && (
        <>
          <p data-testid="co-drafters">
            {t('coDraft.drafter', { name: people.drafter.name })}；
            {people.coDrafters.length === 0
              ? t('coDraft.none')
              : t('coDraft.coDrafters', { names: people.coDrafters.map((person) => person.name).join('、') })}
          </p>
          {people.mayInvite ? (
            <>
              <ColleaguePicker label={t('coDraft.pick')} chosen={chosen} onChange={setChosen} />
              <button type="button" disabled={busy || chosen.length === 0} onClick={() => void invite()}>
                {t('coDraft.invite')}
              </button>
            </>
          ) : (
            <p className="muted">{t('coDraft.onlyDrafter')}</p>
          )}
          {status && <p role="status">{status}</p>}
        </>
      )}
    </details>
  );
}
