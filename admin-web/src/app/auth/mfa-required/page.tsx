import { getRequestMessages } from '../../../i18n/server';
import { SignInButton } from '../sign-in-button';

// Where a sign-in without MFA evidence ends (signIn callback). No session was created.
export default async function MfaRequiredPage() {
  const { t } = await getRequestMessages();
  return (
    <main className="card">
      <h1>{t.mfaRequired.title}</h1>
      <p>{t.mfaRequired.description}</p>
      <p>{t.mfaRequired.action}</p>
      <SignInButton label={t.mfaRequired.retry} callbackUrl="/" reauthenticate />
    </main>
  );
}
