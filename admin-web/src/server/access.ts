import { redirect } from 'next/navigation';
import { cache } from 'react';
import { ConsoleMeDocument, type ConsoleMeQuery } from '../graphql/generated/graphql';
import { gatewayRequest } from './gateway';

export type TAdmin = NonNullable<ConsoleMeQuery['me']>;

export interface Access {
  admin: TAdmin | null;
  permissions: ReadonlySet<string>;
  can: (permission: string) => boolean;
}

/**
 * The signed-in admin and their permissions, as the gateway sees them (`me`), once per request.
 * Menus and buttons follow these; the gateway still enforces every call.
 */
export const getAccess = cache(async (): Promise<Access> => {
  const { me } = await gatewayRequest(ConsoleMeDocument);
  const permissions = new Set(me?.status === 'ACTIVE' ? me.permissions : []);
  return { admin: me ?? null, permissions, can: (p) => permissions.has(p) };
});

/** Page guard: admins without an active role wait at /pending; a missing permission → /forbidden. */
export async function requirePermission(permission: string): Promise<Access> {
  const access = await getAccess();
  if (access.permissions.size === 0) redirect('/pending');
  if (!access.can(permission)) redirect(`/forbidden?permission=${encodeURIComponent(permission)}`);
  return access;
}
