import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import { getAuthOptions, PAGES } from '../auth/auth-options';
import { format } from '../i18n/messages';
import { getRequestMessages } from '../i18n/server';
import { SignOutButton } from './sign-out-button';

// Dashboard placeholder: proves the whole chain (proxy → session → MFA) works. The proxy
// already sent anyone without an MFA session away; checking again here costs nothing.
export default async function DashboardPage() {
  const session = await getServerSession(getAuthOptions());
  if (!session?.mfa || session.error) redirect(PAGES.signIn);
  const { t } = await getRequestMessages();
  const name = session.user?.name ?? session.user?.email ?? '';

  return (
    <main className="card">
      <h1>{t.dashboard.title}</h1>
      <p data-testid="admin-name">{format(t.dashboard.welcome, { name })}</p>
      <p data-testid="mfa-status">✔ {t.dashboard.mfa}</p>
      <p className="muted">{format(t.dashboard.methods, { methods: session.amr.join(', ') })}</p>
      <p className="muted">{t.dashboard.placeholder}</p>
      <SignOutButton label={t.signOut.button} />
    </main>
  );
}
