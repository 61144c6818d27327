import { cookies, headers } from 'next/headers';
import { messagesFor, resolveLocale } from './locale';
import { isLocale, LOCALE_COOKIE } from './locales';
import type { TLocale, TMessages } from './messages';

/**
 * Locale and texts for the current request (server components): the language chosen with the
 * switcher (cookie) wins, else the browser's Accept-Language.
 */
export async function getRequestMessages(): Promise<{ locale: TLocale; t: TMessages }> {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  const locale = isLocale(chosen)
    ? chosen
    : resolveLocale((await headers()).get('accept-language'));
  return { locale, t: messagesFor(locale) };
}
