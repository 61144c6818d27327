import Link from 'next/link';
import { getRequestMessages } from '../../../i18n/server';

// MYID sends the browser here after RP-initiated logout (post_logout_redirect_uri).
export default async function SignedOutPage() {
  const { t } = await getRequestMessages();
  return (
    <main className="card">
      <h1>{t.signedOut.title}</h1>
      <p className="muted">{t.signedOut.description}</p>
      <Link className="button" href="/auth/sign-in">
        {t.signedOut.signInAgain}
      </Link>
    </main>
  );
}
