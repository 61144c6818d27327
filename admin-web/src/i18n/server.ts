import { headers } from 'next/headers';
import { messagesFor, resolveLocale } from './locale';
import type { TLocale, TMessages } from './messages';

/** Locale and texts for the current request (server components). */
export async function getRequestMessages(): Promise<{ locale: TLocale; t: TMessages }> {
  const locale = resolveLocale((await headers()).get('accept-language'));
  return { locale, t: messagesFor(locale) };
}
