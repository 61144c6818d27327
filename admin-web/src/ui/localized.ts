import type { TLocale } from '../i18n/locales';

export interface LocalizedText {
  zhCN?: string | null;
  enUS?: string | null;
}

/** The text in the admin's language, else the other one, else a dash. */
export function localized(text: LocalizedText | null | undefined, locale: TLocale): string {
  const first = locale === 'zh-CN' ? text?.zhCN : text?.enUS;
  const second = locale === 'zh-CN' ? text?.enUS : text?.zhCN;
  return first || second || '—';
}

/** Form fields `nameZh`/`nameEn` → a LocalizedTextInput (empty strings dropped). */
export function toLocalizedInput(zh?: string, en?: string): { zhCN?: string; enUS?: string } {
  return {
    ...(zh?.trim() ? { zhCN: zh.trim() } : {}),
    ...(en?.trim() ? { enUS: en.trim() } : {}),
  };
}

/** Formats an ISO timestamp in the admin's language, to the minute. */
export function formatTime(iso: string | null | undefined, locale: TLocale): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  );
}
