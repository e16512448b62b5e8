/** Text shown to people, in Chinese first and English second. */
export interface LocalizedText {
  zh: string;
  en: string;
}

export type Locale = 'zh-CN' | 'en';

export function pickText(text: LocalizedText, locale: Locale): string {
  return locale === 'en' ? text.en : text.zh;
}
