'use client';

import { signIn } from 'next-auth/react';
import { useState } from 'react';
import { PROVIDER_ID } from '../../auth/provider-id';
import { useHydrated } from '../../ui/use-hydrated';

/**
 * Starts the OIDC sign-in (next-auth sets state + PKCE cookies, then redirects to MYID).
 * `reauthenticate` asks MYID for a fresh login (prompt=login) instead of reusing its session.
 * Disabled until hydrated, so a click is never lost.
 */
export function SignInButton(props: {
  label: string;
  callbackUrl: string;
  reauthenticate?: boolean;
}) {
  const { label, callbackUrl, reauthenticate = false } = props;
  const ready = useHydrated();
  const [busy, setBusy] = useState(false);

  function start() {
    setBusy(true);
    signIn(PROVIDER_ID, { callbackUrl }, reauthenticate ? { prompt: 'login' } : undefined).catch(
      () => setBusy(false),
    );
  }

  return (
    <button className="button" type="button" disabled={!ready || busy} onClick={start}>
      {label}
    </button>
  );
}
