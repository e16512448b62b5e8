import { useTranslation } from 'react-i18next';
import { errorText } from '../api-context';
import { useLocalized } from '../i18n';

/** A failed load or action, in the user's language, announced to screen readers. */
export function ErrorLine({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const localized = useLocalized();
  if (error === undefined) return null;
  return (
    <p role="alert" className="error">
      {t('app.error')}：{localized(errorText(error))}
    </p>
  );
}

/** An ISO instant as local date and minute (2026-11-23 09:30). */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
