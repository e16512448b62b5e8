import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountView, ApiClient, AppInfo } from '../api-contract';
import { errorText, SessionContext } from './api-context';
import { i18n, useLocalized } from './i18n';
import { Login } from './screens/Login';
import { Shell } from './shell/Shell';

interface Props {
  api: ApiClient;
  transport: 'electron' | 'web-host';
}

/** Boot: the saved language, then the unlocked account (or the login screen), then the shell. */
export function App({ api, transport }: Props) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const [info, setInfo] = useState<AppInfo | undefined>();
  const [account, setAccount] = useState<AccountView | null | undefined>();
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    const load = async () => {
      const setting = await api.getSetting({ key: 'ui.locale' });
      await i18n.changeLanguage(setting.value === 'en' ? 'en' : 'zh-CN');
      setInfo(await api.appInfo({}));
      setAccount(await api.currentAccount({}));
    };
    load().catch(setError);
  }, [api]);

  useEffect(() => {
    document.documentElement.lang = i18n.language;
    document.title = t('app.title');
  });

  if (error !== undefined) {
    return (
      <main className="login">
        <div className="card">
          <h1>{t('app.title')}</h1>
          <p role="alert" className="error">
            {t('app.error')}：{localized(errorText(error))}
          </p>
        </div>
      </main>
    );
  }
  if (info === undefined || account === undefined) {
    return <p className="boot">{t('app.loading')}</p>;
  }
  if (account === null) {
    return <Login api={api} hasAccounts={info.accountCount > 0} onSignedIn={setAccount} />;
  }
  return (
    <SessionContext.Provider value={{ api, account }}>
      <Shell
        info={info}
        transport={transport}
        onLocked={() => {
          // The login screen opens on 离线解锁 once this computer knows an account.
          void api.appInfo({}).then((next) => {
            setInfo(next);
            setAccount(null);
          }, setError);
        }}
      />
    </SessionContext.Provider>
  );
}
