import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExchangeLinkView } from '../../api-contract';
import { useSession } from '../api-context';
import { ErrorLine } from './common';

const fields = [
  'hubUrl',
  'agencyName',
  'agencyCode',
  'docNumberPrefix',
  'keyStorePath',
  'sealRecordPath',
  'trustRootPath',
] as const satisfies readonly (keyof ExchangeLinkView)[];

const empty: ExchangeLinkView = {
  hubUrl: '',
  agencyName: '',
  agencyCode: '',
  docNumberPrefix: '',
  keyStorePath: '',
  sealRecordPath: '',
  trustRootPath: '',
};

/** 设置 · 公文交换: the hub, this agency, its seal and the deployment's root (checked on save). */
export function ExchangeSettings() {
  const { t } = useTranslation();
  const { api } = useSession();
  const [link, setLink] = useState<ExchangeLinkView>(empty);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    void api.exchangeStatus({}).then((status) => status.link && setLink(status.link));
  }, [api]);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    setError(undefined);
    try {
      await api.configureExchange(link);
      setSaved(true);
    } catch (failure) {
      setError(failure); // every field keeps what was typed
    }
  };
  return (
    <form
      className="panel exchange-settings"
      onSubmit={(event) => void save(event)}
      aria-labelledby="exchange-settings"
    >
      <h2 id="exchange-settings">{t('exchangeSettings.title')}</h2>
      <div className="grid">
        {fields.map((name) => (
          <label key={name}>
            {t(`exchangeSettings.${name}`)}
            <input
              value={link[name]}
              spellCheck={false}
              onChange={(e) => setLink({ ...link, [name]: e.target.value })}
            />
          </label>
        ))}
      </div>
      <ErrorLine error={error} />
      <div className="row">
        <button type="submit" className="primary">
          {t('exchangeSettings.save')}
        </button>
        {saved && <span role="status">{t('exchangeSettings.saved')}</span>}
      </div>
    </form>
  );
}
