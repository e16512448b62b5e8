import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import type { Locale, LocalizedText } from '@oa/shared';
import { en } from './locales/en';
import { zhCN } from './locales/zh-CN';

/**
 * i18n with i18next (zh-CN default, en second). Every UI text lives in locales/*.ts; components
 * show them through `t`. Texts that arrive from the core already localized (error messages,
 * step names) are picked with `useLocalized`.
 */
export const i18n: I18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnObjects: true,
  initAsync: false,
});

export function currentLocale(): Locale {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

/** Picks the side of a core-provided `{ zh, en }` text that matches the UI language. */
export function useLocalized(): (text: LocalizedText) => string {
  const { i18n: instance } = useTranslation();
  return (text) => (instance.language === 'en' ? text.en : text.zh);
}
