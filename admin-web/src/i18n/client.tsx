'use client';

import { createContext, useContext, type ReactNode } from 'react';
import type { TLocale } from './locales';
import type { TMessages } from './messages';

const I18nContext = createContext<{ locale: TLocale; t: TMessages } | null>(null);

/** Gives client components the texts the server resolved for this request. */
export function I18nProvider({
  locale,
  messages,
  children,
}: {
  locale: TLocale;
  messages: TMessages;
  children: ReactNode;
}) {
  return <I18nContext.Provider value={{ locale, t: messages }}>{children}</I18nContext.Provider>;
}

export function useI18n(): { locale: TLocale; t: TMessages } {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
