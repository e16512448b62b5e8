import { useTranslation } from 'react-i18next';
import type { DraftPresenceView, PresentPersonView } from '../../api-contract';
import { personColor } from './LiveBodyEditor';

interface Props {
  people: PresentPersonView[];
  connection: DraftPresenceView['connection'] | undefined;
}

/** Who else is editing this draft now (from the hub room's presence), and whether edits go out live. */
export function Presence({ people, connection }: Props) {
  const { t } = useTranslation();
  const state = connection ?? 'connecting';
  return (
    <div className="presence" data-testid="draft-presence" data-connection={state} aria-live="polite">
      <span className={`badge room-${state}`}>{t(`draft.room.${state}`)}</span>
      {people.length === 0 ? (
        <span className="muted">{t('draft.aloneEditing')}</span>
      ) : (
        <>
          <span>{t('draft.othersEditing')}</span>
          <ul className="people" aria-label={t('draft.othersEditing')}>
            {people.map((person) => (
              <li key={person.id} data-testid="present-person">
                <span className="dot" aria-hidden="true" style={{ background: personColor(person.id) }} />
                {person.name}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
