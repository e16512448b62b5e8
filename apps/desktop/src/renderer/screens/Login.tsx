import { workflowRoles, type WorkflowRole } from '@oa/shared';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountView, ApiClient } from '../../api-contract';
import { errorText } from '../api-context';
import { useLocalized } from '../i18n';

interface Props {
  api: ApiClient;
  hasAccounts: boolean;
  onSignedIn: (account: AccountView) => void;
}

/** First run: create a local account; afterwards: unlock it offline with the password. */
export function Login({ api, hasAccounts, onSignedIn }: Props) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const [mode, setMode] = useState<'unlock' | 'create'>(hasAccounts ? 'unlock' : 'create');
  const [login, setLogin] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<WorkflowRole[]>(['drafter']);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      if (mode === 'create') await api.createLocalAccount({ login, displayName, password, roles });
      onSignedIn(await api.unlock({ login, password }));
    } catch (failure) {
      setError(localized(errorText(failure)));
    } finally {
      setBusy(false);
    }
  };

  const toggleRole = (role: WorkflowRole) =>
    setRoles((current) => (current.includes(role) ? current.filter((r) => r !== role) : [...current, role]));

  return (
    <main className="login">
      <form onSubmit={(event) => void submit(event)} aria-labelledby="login-title" className="card">
        <h1 id="login-title">{mode === 'create' ? t('login.createTitle') : t('login.unlockTitle')}</h1>
        <p className="muted">{t('login.offlineNote')}</p>
        <label>
          {t('login.login')}
          <input name="login" value={login} onChange={(e) => setLogin(e.target.value)} autoFocus required />
        </label>
        {mode === 'create' && (
          <label>
            {t('login.displayName')}
            <input name="displayName" value={displayName} onChange={(e) => setDisplayName(e.target.value)} required />
          </label>
        )}
        <label>
          {t('login.password')}
          <input
            name="password"
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {mode === 'create' && (
          <fieldset className="roles">
            <legend>{t('login.roles')}</legend>
            {workflowRoles.map((role) => (
              <label key={role} className="check">
                <input type="checkbox" checked={roles.includes(role)} onChange={() => toggleRole(role)} />
                {t(`roles.${role}`)}
              </label>
            ))}
          </fieldset>
        )}
        {error !== undefined && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {mode === 'create' ? t('login.create') : t('login.unlock')}
        </button>
        <button type="button" className="link" onClick={() => setMode(mode === 'create' ? 'unlock' : 'create')}>
          {mode === 'create' ? t('login.toUnlock') : t('login.toCreate')}
        </button>
      </form>
    </main>
  );
}
