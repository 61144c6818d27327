/** The console's languages; zh-CN is the default. */
export const LOCALES = ['zh-CN', 'en-US'] as const;
export type TLocale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: TLocale = 'zh-CN';

/** Cookie that remembers the language chosen with the switcher (wins over Accept-Language). */
export const LOCALE_COOKIE = 'console-locale';

export const isLocale = (value: unknown): value is TLocale =>
  typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
