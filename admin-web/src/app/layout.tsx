import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { getRequestMessages } from '../i18n/server';
import './globals.css';

export const metadata: Metadata = {
  title: 'Badge Console',
  robots: { index: false, follow: false },
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { locale } = await getRequestMessages();
  return (
    <html lang={locale}>
      <body>{children}</body>
    </html>
  );
}
