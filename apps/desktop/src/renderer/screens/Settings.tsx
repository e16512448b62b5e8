import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../api-contract';
import { useSession } from '../api-context';
import { i18n } from '../i18n';
import { ExchangeSettings } from './ExchangeSettings';
import { NotificationsSwitch } from './NotificationsSwitch';

/** 设置: language, the account, where the data lives. */
export function Settings({ info, transport }: { info: AppInfo; transport: 'electron' | 'web-host' }) {
  const { t } = useTranslation();
  const { api, account } = useSession();
  const choose = async (locale: 'zh-CN' | 'en') => {
    await i18n.changeLanguage(locale);
    await api.setSetting({ key: 'ui.locale', value: locale });
  };
  return (
    <section aria-labelledby="screen-heading">
      <h1 id="screen-heading" tabIndex={-1}>
        {t('settings.title')}
      </h1>
      <dl className="facts">
        <dt>{t('settings.language')}</dt>
        <dd>
          <select value={i18n.language} onChange={(e) => void choose(e.target.value as 'zh-CN' | 'en')}>
            <option value="zh-CN" lang="zh-CN">
              简体中文
            </option>
            <option value="en" lang="en">
              English
            </option>
          </select>
        </dd>
        <dt>{t('settings.account')}</dt>
        <dd>
          {account.displayName}（{account.login}）· {account.roles.map((role) => t(`roles.${role}`)).join('、')}
        </dd>
        <dt>{t('settings.notifications')}</dt>
        <dd>
          <NotificationsSwitch />
        </dd>
        <dt>{t('settings.dataDir')}</dt>
        <dd>
          <code>{info.dataDir}</code>
        </dd>
        <dt>{t('settings.version')}</dt>
        <dd>
          {info.version} · {transport}
        </dd>
      </dl>
      <ExchangeSettings />
    </section>
  );
}
