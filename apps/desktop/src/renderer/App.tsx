import { isOaError, pickText, type Locale } from '@oa/shared';
import { useEffect, useState } from 'react';
import type { ApiClient, AppInfo } from '../api-contract';
import { translator } from './i18n';

interface Props {
  api: ApiClient;
  transport: 'electron' | 'web-host';
}

/** The first page: proves the round trip renderer → API table → local store. */
export function App({ api, transport }: Props) {
  const [locale, setLocale] = useState<Locale>('zh-CN');
  const t = translator(locale);
  const [info, setInfo] = useState<AppInfo | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    const load = async () => {
      const setting = await api.getSetting({ key: 'ui.locale' });
      const chosen: Locale = setting.value === 'en' ? 'en' : 'zh-CN';
      setLocale(chosen);
      setInfo(await api.appInfo({}));
    };
    load().catch((failure: unknown) => {
      setError(isOaError(failure) ? pickText(failure.text, locale) : String(failure));
    });
  }, [api]);

  return (
    <main>
      <h1>{t('title')}</h1>
      {error !== undefined && (
        <p role="alert">
          {t('error')}：{error}
        </p>
      )}
      {info === undefined && error === undefined && <p>{t('loading')}</p>}
      {info !== undefined && (
        <dl>
          <dt>{t('documentCount')}</dt>
          <dd data-testid="document-count">
            {info.documentCount} {t('documentUnit')}
          </dd>
          <dt>{t('dataDir')}</dt>
          <dd>{info.dataDir}</dd>
          <dt>{t('transport')}</dt>
          <dd>{transport === 'electron' ? t('transportElectron') : t('transportWebHost')}</dd>
          <dt>{t('version')}</dt>
          <dd>{info.version}</dd>
        </dl>
      )}
    </main>
  );
}
