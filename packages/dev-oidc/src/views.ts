// HTML of the dev provider's own pages. Self-contained on purpose: no external fonts or scripts
// (the default oidc-provider pages pull Google Fonts, which the CI machines cannot reach).

const STYLE = `body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0}
main{max-width:360px;margin:64px auto;background:#fff;padding:24px 32px;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.2)}
h1{font-size:1.25rem;margin:0 0 16px}label{display:block;margin:12px 0 4px;font-size:.9rem}
input{width:100%;box-sizing:border-box;padding:8px;font-size:1rem}
button{margin-top:16px;width:100%;padding:10px;font-size:1rem;background:#2457c5;color:#fff;border:0;border-radius:4px;cursor:pointer}
.error{color:#b00020}.hint{color:#555;font-size:.85rem}`;

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

function errorLine(error: string | undefined): string {
  return error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : '';
}

export function loginPage(args: {
  uid: string;
  clientId: string;
  loginHint?: string | undefined;
  error?: string | undefined;
}): string {
  const { uid, clientId, loginHint, error } = args;
  return page(
    'Sign in — dev OIDC',
    `<h1>Sign in (dev MYID)</h1>
<p class="hint">to <b>${escapeHtml(clientId)}</b></p>${errorLine(error)}
<form method="post" action="/interaction/${encodeURIComponent(uid)}/login" autocomplete="off">
<label for="username">Email</label>
<input id="username" name="username" type="text" required autofocus value="${escapeHtml(loginHint ?? '')}">
<label for="password">Password</label>
<input id="password" name="password" type="password" required>
<button type="submit">Continue</button>
</form>`,
  );
}

export function otpPage(args: { uid: string; error?: string | undefined }): string {
  const { uid, error } = args;
  return page(
    'One-time code — dev OIDC',
    `<h1>Two-step verification</h1>
<p class="hint">Enter the one-time code from your authenticator. (Development provider: the code is
fixed, see packages/dev-oidc/README.md.)</p>${errorLine(error)}
<form method="post" action="/interaction/${encodeURIComponent(uid)}/otp" autocomplete="off">
<label for="otp">One-time code</label>
<input id="otp" name="otp" inputmode="numeric" required autofocus>
<button type="submit">Verify</button>
</form>`,
  );
}

/**
 * RP-initiated logout confirmation. `form` is oidc-provider's hidden form (id `op.logoutForm`,
 * with the xsrf token). When the RP proved the session with an `id_token_hint`, the page submits
 * itself (no second click in development); otherwise the user confirms.
 */
export function logoutPage(form: string, autoSubmit: boolean): string {
  const script = autoSubmit
    ? `<script>document.getElementById('confirm-logout').click();</script>`
    : '';
  return page(
    'Sign out — dev OIDC',
    `<h1>Sign out of the dev MYID?</h1>${form}
<button id="confirm-logout" type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button>
<button type="submit" form="op.logoutForm">No, stay signed in</button>${script}`,
  );
}

export function loggedOutPage(clientName: string | undefined): string {
  return page(
    'Signed out — dev OIDC',
    `<h1>Signed out</h1><p>You are signed out${clientName ? ` of ${escapeHtml(clientName)}` : ''}.</p>`,
  );
}

export function errorPage(error: string, description: string | undefined): string {
  return page(
    'Error — dev OIDC',
    `<h1>Something went wrong</h1><p class="error">${escapeHtml(error)}</p>${
      description ? `<p>${escapeHtml(description)}</p>` : ''
    }`,
  );
}
