import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { getAuthOptions, PAGES } from '../../auth/auth-options';
import { getRequestMessages } from '../../i18n/server';
import { getAccess } from '../../server/access';
import { ConsoleShell } from '../../ui/console-shell';
import { visibleNavigation } from '../../ui/navigation';
import { Providers } from '../providers';

// Every console page: a signed-in admin with MFA (the proxy checked; checking again costs
// nothing) and an active role. The menu shows only what the admin's permissions open.
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const session = await getServerSession(getAuthOptions());
  if (!session?.mfa || session.error) redirect(PAGES.signIn);
  const access = await getAccess();
  if (access.permissions.size === 0) redirect('/pending');
  const name = access.admin?.name ?? session.user?.name ?? session.user?.email ?? '';
  const { locale, t } = await getRequestMessages();
  return (
    <Providers locale={locale} messages={t}>
      <ConsoleShell
        navigation={visibleNavigation((p) => access.can(p))}
        adminName={name}
        roles={access.admin?.roles ?? []}
      >
        {children}
      </ConsoleShell>
    </Providers>
  );
}
