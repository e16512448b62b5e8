import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../api-contract';
import { useSession } from '../api-context';
import { warmPdfDrawing, warmPdfWorker } from '../draft/PdfPreview';
import { perfMark } from '../perf';
import { i18n } from '../i18n';
import { Archive } from '../screens/Archive';
import { BatchSign } from '../screens/BatchSign';
import { DocumentScreen } from '../screens/DocumentScreen';
import { Dispatch } from '../screens/Dispatch';
import { Drafting } from '../screens/Drafting';
import { Inbox } from '../screens/Inbox';
import { Settings } from '../screens/Settings';
import { TaskBoxList, Workbench } from '../screens/Workbench';
import { routeKey, sidebar, type Route } from './routes';
import { useShortcuts } from './shortcuts';
import { exchangeChangedEvent } from '../screens/exchange-common';
import { SyncState } from './SyncState';
import { useDesktopNotifications } from './use-desktop-notifications';

/** After the signed-in screen's own calls, so warming the previews does not delay them. */
const warmDelayMs = 300;

interface Props {
  info: AppInfo;
  transport: 'electron' | 'web-host';
  onLocked: () => void;
}

/** The frame around every screen: header (user, offline state), sidebar, the current screen. */
export function Shell({ info, transport, onLocked }: Props) {
  const { t } = useTranslation();
  const { api, account } = useSession();
  const [route, setRoute] = useState<Route>({ screen: 'workbench' });
  const [help, setHelp] = useState(false);
  const navigate = useCallback((next: Route) => setRoute(next), []);
  const hub = useHubState();
  useDesktopNotifications(api, navigate);

  useShortcuts({
    section: (index) => {
      const item = sidebar[index];
      if (item !== undefined) setRoute(item.route);
    },
    newDraft: () => setRoute({ screen: 'draft' }),
    help: () => setHelp((open) => !open),
  });

  useEffect(() => {
    document.getElementById('screen-heading')?.focus();
  }, [route]);

  // Signed in: the first document opened should wait neither for pdf.js's worker to start nor
  // for the core's typesetting worker to load its fonts and compile.
  useEffect(() => {
    const timer = setTimeout(() => {
      const typesetter = api.warmPreview({});
      void Promise.allSettled([warmPdfWorker(), typesetter])
        .then(() => typesetter.then((sample) => warmPdfDrawing(sample.pdfBase64)))
        .catch(() => undefined)
        .finally(() => perfMark('oa:warmed'));
    }, warmDelayMs);
    return () => clearTimeout(timer);
  }, [api]);

  const switchLanguage = async () => {
    const next = i18n.language === 'en' ? 'zh-CN' : 'en';
    await i18n.changeLanguage(next);
    await api.setSetting({ key: 'ui.locale', value: next });
  };
  const lock = async () => {
    await api.lock({});
    onLocked();
  };

  const current = routeKey(route);
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">{t('app.title')}</span>
        <span className={`status ${hub}`} title={t(`header.${hub}Hint`)} role="status" data-testid="online-state">
          ● {t(`header.${hub}`)}
        </span>
        <SyncState />
        <span className="spacer" />
        <span data-testid="current-user">{t('header.user', { name: account.displayName })}</span>
        <button type="button" onClick={() => setHelp(true)}>
          {t('header.shortcuts')}
        </button>
        <button type="button" onClick={() => void switchLanguage()} lang={i18n.language === 'en' ? 'zh-CN' : 'en'}>
          {t('header.language')}
        </button>
        <button type="button" onClick={() => void lock()}>
          {t('header.lock')}
        </button>
      </header>
      <nav className="sidebar" aria-label={t('nav.label')}>
        <ul>
          {sidebar.map((item, index) => (
            <li key={item.key}>
              <button
                type="button"
                aria-current={current === item.key ? 'page' : undefined}
                onClick={() => setRoute(item.route)}
                title={index < 10 ? `Alt+${(index + 1) % 10}` : undefined}
              >
                {t(item.label)}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <main className="content">
        {route.screen === 'workbench' && <Workbench navigate={navigate} />}
        {route.screen === 'box' && <TaskBoxList box={route.box} navigate={navigate} />}
        {route.screen === 'draft' && (
          <Drafting key={route.documentId ?? 'new'} documentId={route.documentId} navigate={navigate} />
        )}
        {route.screen === 'document' && <DocumentScreen documentId={route.documentId} navigate={navigate} />}
        {route.screen === 'batch-sign' && <BatchSign navigate={navigate} />}
        {route.screen === 'dispatch' && <Dispatch navigate={navigate} />}
        {route.screen === 'inbox' && <Inbox navigate={navigate} />}
        {route.screen === 'archive' && <Archive />}
        {route.screen === 'settings' && <Settings info={info} transport={transport} />}
      </main>
      {help && (
        <div role="dialog" aria-modal="true" aria-labelledby="help-title" className="dialog-backdrop">
          <div className="dialog">
            <h2 id="help-title">{t('shortcuts.title')}</h2>
            <ul>
              {(['nav', 'newDraft', 'save', 'search', 'submit', 'help'] as const).map((key) => (
                <li key={key}>{t(`shortcuts.${key}`)}</li>
              ))}
            </ul>
            <button type="button" autoFocus onClick={() => setHelp(false)}>
              {t('shortcuts.close')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

/** The hub as the header shows it: connected and answering, connected but away, or offline. */
function useHubState(): 'online' | 'unreachable' | 'offline' {
  const { api } = useSession();
  const [state, setState] = useState<'online' | 'unreachable' | 'offline'>('offline');
  useEffect(() => {
    let live = true;
    const check = () =>
      void api.exchangeStatus({}).then(
        (status) =>
          live && setState(status.connected ? (status.reachable === false ? 'unreachable' : 'online') : 'offline'),
        () => live && setState('offline'),
      );
    check();
    const timer = setInterval(check, 5000);
    window.addEventListener('focus', check);
    window.addEventListener(exchangeChangedEvent, check);
    return () => {
      live = false;
      clearInterval(timer);
      window.removeEventListener('focus', check);
      window.removeEventListener(exchangeChangedEvent, check);
    };
  }, [api]);
  return state;
}
