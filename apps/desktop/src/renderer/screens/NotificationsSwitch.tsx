import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notificationsKey, notificationsWanted } from '../shell/use-desktop-notifications';

type Permission = NotificationPermission | 'unsupported';

/** 设置 › 系统通知: switch desktop notifications (新来文, 超期待办) on or off; asks the system once. */
export function NotificationsSwitch() {
  const { t } = useTranslation();
  const [permission, setPermission] = useState<Permission>(
    typeof Notification === 'undefined' ? 'unsupported' : Notification.permission,
  );
  const [on, setOn] = useState(notificationsWanted);

  const toggle = async (wanted: boolean) => {
    localStorage.setItem(notificationsKey, wanted ? 'on' : 'off');
    if (wanted && permission === 'default') {
      const answer = await Notification.requestPermission();
      setPermission(answer);
    }
    setOn(notificationsWanted());
  };

  if (permission === 'unsupported') return <span className="muted">{t('settings.notificationsUnsupported')}</span>;
  return (
    <>
      <label className="check">
        <input
          type="checkbox"
          checked={on}
          disabled={permission === 'denied'}
          onChange={(e) => void toggle(e.target.checked)}
        />
        {t('settings.notificationsSwitch')}
      </label>
      {permission === 'denied' && <p className="muted">{t('settings.notificationsDenied')}</p>}
    </>
  );
}
