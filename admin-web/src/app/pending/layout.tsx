import type { ReactNode } from 'react';
import { getRequestMessages } from '../../i18n/server';
import { Providers } from '../providers';

export default async function PendingLayout({ children }: { children: ReactNode }) {
  const { locale, t } = await getRequestMessages();
  return (
    <Providers locale={locale} messages={t}>
      {children}
    </Providers>
  );
}
