import { getRequestMessages } from '../../../i18n/server';
import { SignInButton } from '../sign-in-button';

/** Only same-origin paths come back from the query string (next-auth checks again). */
function safeCallbackUrl(value: string | string[] | undefined): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//')
    ? value
    : '/';
}

export default async function SignInPage(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const searchParams = await props.searchParams;
  const { t } = await getRequestMessages();
  const hasError = searchParams.error !== undefined;

  return (
    <main className="card">
      <h1>{t.signIn.title}</h1>
      <p className="muted">{t.signIn.description}</p>
      {hasError ? (
        <p className="error" role="alert">
          {t.signIn.error}
        </p>
      ) : null}
      <SignInButton
        label={t.signIn.button}
        callbackUrl={safeCallbackUrl(searchParams.callbackUrl)}
      />
    </main>
  );
}
