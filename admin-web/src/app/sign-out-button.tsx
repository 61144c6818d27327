/** Plain form POST: works without JavaScript; the route ends the console and the IdP session. */
export function SignOutButton({ label }: { label: string }) {
  return (
    <form method="post" action="/auth/sign-out">
      <button className="button" type="submit">
        {label}
      </button>
    </form>
  );
}
