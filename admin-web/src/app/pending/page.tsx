import { getRequestMessages } from '../../i18n/server';
import { StatusPage } from '../../ui/status-page';

// Signed in with MFA, but no active role yet (the proxy still requires the session).
export default async function PendingPage() {
  const { t } = await getRequestMessages();
  return (
    <StatusPage
      testId="pending"
      status="info"
      title={t.common.pendingTitle}
      text={t.common.pendingText}
      action={{ signOut: t.nav.signOut }}
    />
  );
}
