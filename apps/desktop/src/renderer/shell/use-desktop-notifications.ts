import { useEffect } from 'react';
import type { ApiClient } from '../../api-contract';
import { i18n } from '../i18n';
import { dueNotices, trimSeen } from './notices';
import type { Route } from './routes';

const seenKey = 'oa.noticesSeen';
export const notificationsKey = 'oa.desktopNotifications';
const everyMs = 60_000;

/** Whether the person wants desktop notifications (on unless switched off in 设置) and the system allows them. */
export function notificationsWanted(): boolean {
  return (
    typeof Notification !== 'undefined' &&
    Notification.permission === 'granted' &&
    localStorage.getItem(notificationsKey) !== 'off'
  );
}

function readSeen(): string[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(seenKey) ?? '[]');
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * 系统通知: every minute (and when the window gains focus) looks for arrivals waiting to be
 * signed for (fetched from the hub when the agency's exchange is connected) and overdue tasks,
 * and announces each new one with a desktop notification; clicking it opens the document or
 * the inbox. Nothing is announced twice (the keys are kept on this computer).
 */
export function useDesktopNotifications(api: ApiClient, navigate: (route: Route) => void): void {
  useEffect(() => {
    let live = true;
    let running = false;
    const check = async () => {
      if (running || !notificationsWanted()) return;
      running = true;
      try {
        const exchange = await api.exchangeStatus({});
        const incoming = exchange.configured
          ? await api.listIncoming({ refresh: exchange.connected }).catch(() => [])
          : [];
        const tasks = await api.listTasks({ box: 'todo' });
        const seen = readSeen();
        const today = new Date().toISOString().slice(0, 10);
        const notices = dueNotices(new Set(seen), incoming, tasks, today, {
          arrival: (sender) => i18n.t('notices.arrival', { sender }),
          overdue: (step) => i18n.t('notices.overdue', { step }),
          stepName: (task) => (task.stepName ? task.stepName[i18n.language === 'en' ? 'en' : 'zh'] : ''),
        });
        if (!live || notices.length === 0) return;
        for (const notice of notices) {
          const shown = new Notification(notice.title, { body: notice.body, tag: notice.key });
          shown.onclick = () => {
            window.focus();
            navigate(notice.documentId ? { screen: 'document', documentId: notice.documentId } : { screen: 'inbox' });
          };
        }
        localStorage.setItem(seenKey, JSON.stringify(trimSeen([...seen, ...notices.map((n) => n.key)])));
      } catch {
        // Notifications are a convenience: a failed check waits for the next one.
      } finally {
        running = false;
      }
    };
    void check();
    const timer = setInterval(() => void check(), everyMs);
    const onFocus = () => void check();
    window.addEventListener('focus', onFocus);
    return () => {
      live = false;
      clearInterval(timer);
      window.removeEventListener('focus', onFocus);
    };
  }, [api, navigate]);
}
