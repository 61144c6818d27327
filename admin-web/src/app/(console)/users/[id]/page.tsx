import { notFound } from 'next/navigation';
import {
  ConsoleGrantableBadgesDocument,
  ConsoleUserBadgesDocument,
  ConsoleUserBenefitsDocument,
  ConsoleUserDocument,
} from '../../../../graphql/generated/graphql';
import { requirePermission } from '../../../../server/access';
import { gatewayRequest } from '../../../../server/gateway';
import { UserDetailView } from './user-detail-view';

// The 360° view of one user: profile, badge wall, badges with history, benefits, notifications.
// Each part is asked for only when the admin's permissions include it.
export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const access = await requirePermission('user:view:read');
  const id = decodeURIComponent((await params).id);
  const canGrant = access.can('grant:grant:write');
  const [profile, badges, benefits, grantable] = await Promise.all([
    gatewayRequest(ConsoleUserDocument, { id }),
    access.can('user:badge:read') ? gatewayRequest(ConsoleUserBadgesDocument, { id }) : null,
    access.can('benefit:grant:read') && access.can('benefit:redemption:read')
      ? gatewayRequest(ConsoleUserBenefitsDocument, { id })
      : null,
    canGrant ? gatewayRequest(ConsoleGrantableBadgesDocument) : null,
  ]);
  if (!profile.user) notFound();
  return (
    <UserDetailView
      user={profile.user}
      badges={badges?.badgeUser ?? null}
      benefits={benefits?.benefitUser ?? null}
      grantable={grantable?.badges.nodes ?? []}
      canGrant={canGrant}
      canRevoke={access.can('grant:revoke:write')}
    />
  );
}
