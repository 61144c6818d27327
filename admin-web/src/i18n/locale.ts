import { DEFAULT_LOCALE, LOCALES, type TLocale } from './locales';
import { MESSAGES, type TMessages } from './messages';

/**
 * Picks the console language from an Accept-Language header: the first listed language we
 * support (by q-value, then order), matching `zh*` to zh-CN and `en*` to en-US.
 */
export function resolveLocale(acceptLanguage: string | null | undefined): TLocale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const ranges = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((r) => r.tag && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranges) {
    const exact = LOCALES.find((l) => l.toLowerCase() === tag);
    if (exact) return exact;
    const primary = tag.split('-')[0];
    const byLanguage = LOCALES.find((l) => l.toLowerCase().split('-')[0] === primary);
    if (byLanguage) return byLanguage;
  }
  return DEFAULT_LOCALE;
}

export function messagesFor(locale: TLocale): TMessages {
  return MESSAGES[locale];
}
