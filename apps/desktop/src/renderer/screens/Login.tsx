import { workflowRoles, type WorkflowRole } from '@oa/shared';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountView, ApiClient } from '../../api-contract';
import { errorText, isApiError } from '../api-context';
import { useLocalized } from '../i18n';

interface Props {
  api: ApiClient;
  hasAccounts: boolean;
  onSignedIn: (account: AccountView) => void;
}

type Mode = 'hub' | 'unlock' | 'create';
const modes: readonly Mode[] = ['hub', 'unlock', 'create'];
/** The hub address last logged in to (a convenience; the hub itself checks everything). */
const lastHubKey = 'oa.lastHubUrl';

/**
 * Signing in: 联网登录 against the hub (the account then syncs and can unlock offline later),
 * 离线解锁 of an account this computer knows, or a local account for offline-only use.
 */
export function Login({ api, hasAccounts, onSignedIn }: Props) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const [mode, setMode] = useState<Mode>(hasAccounts ? 'unlock' : 'create');
  const [hubUrl, setHubUrl] = useState(() => localStorage.getItem(lastHubKey) ?? '');
  const [login, setLogin] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<WorkflowRole[]>(['drafter']);
  // 联网登录 asks for name and roles only when the hub login is this computer's first for the person.
  const [needsProfile, setNeedsProfile] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const askProfile = mode === 'create' || (mode === 'hub' && needsProfile);

  const signIn = async (): Promise<AccountView> => {
    if (mode === 'create') {
      await api.createLocalAccount({ login, displayName, password, roles });
      return api.unlock({ login, password });
    }
    if (mode === 'unlock') return api.unlock({ login, password });
    const account = await api.loginWithHub({
      hubUrl: hubUrl.trim(),
      login,
      password,
      ...(needsProfile ? { displayName, roles } : {}),
    });
    localStorage.setItem(lastHubKey, hubUrl.trim());
    return account;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await signIn());
    } catch (failure) {
      if (mode === 'hub' && !needsProfile && isApiError(failure, 'ACCOUNT_PROFILE_REQUIRED')) setNeedsProfile(true);
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
        <h1 id="login-title">{t(`login.${mode}Title`)}</h1>
        <div role="tablist" aria-label={t('login.modes')} className="login-modes">
          {modes.map((m) => (
            <button
              key={m}
              type="button"
              role="tab"
              aria-selected={m === mode}
              className={m === mode ? 'tab current' : 'tab'}
              onClick={() => {
                setMode(m);
                setError(undefined);
              }}
            >
              {t(`login.${m}Tab`)}
            </button>
          ))}
        </div>
        <p className="muted">{t(`login.${mode}Note`)}</p>
        {mode === 'hub' && (
          <label>
            {t('login.hubUrl')}
            <input
              name="hubUrl"
              type="url"
              value={hubUrl}
              placeholder="https://hub.example.gov.cn:8443"
              onChange={(e) => setHubUrl(e.target.value)}
              required
            />
          </label>
        )}
        <label>
          {t('login.login')}
          <input name="login" value={login} onChange={(e) => setLogin(e.target.value)} autoFocus required />
        </label>
        {askProfile && (
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
        {askProfile && (
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
          {t(`login.${mode}Submit`)}
        </button>
      </form>
    </main>
  );
}
