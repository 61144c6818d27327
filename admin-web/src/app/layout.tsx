import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { getRequestMessages } from '../i18n/server';
import './globals.css';

export const metadata: Metadata = {
  title: 'Badge Console',
  robots: { index: false, follow: false },
};

// The sign-in pages stay plain HTML + CSS (small, fast before sign-in); the console's pages get
// Ant Design and the client-side texts from their own layouts (see providers.tsx).
export default async function RootLayout({ children }: { children: ReactNode }) {
  const { locale } = await getRequestMessages();
  return (
    <html lang={locale}>
      <body>{children}</body>
    </html>
  );
}
