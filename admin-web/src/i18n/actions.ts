'use server';

import { cookies } from 'next/headers';
import { isLocale, LOCALE_COOKIE } from './locales';

/** The language switcher: remembers the choice for a year. */
export async function setLocale(locale: string): Promise<void> {
  if (!isLocale(locale)) throw new Error(`unsupported locale ${locale}`);
  (await cookies()).set(LOCALE_COOKIE, locale, {
    path: '/',
    sameSite: 'lax',
    maxAge: 365 * 24 * 3600,
  });
}
