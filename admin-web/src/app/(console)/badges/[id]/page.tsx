import { notFound } from 'next/navigation';
import {
  ConsoleBadgeDocument,
  ConsoleBadgeFormOptionsDocument,
  ConsoleBadgeHoldersDocument,
  ConsoleBadgeRulesDocument,
} from '../../../../graphql/generated/graphql';
import { requirePermission } from '../../../../server/access';
import { gatewayRequest } from '../../../../server/gateway';
import { BadgeDetailView } from './badge-detail-view';

export default async function BadgeDetailPage({ params }: { params: Promise<{ id: string }> }) {
  const access = await requirePermission('badge:badge:read');
  const { id } = await params;
  const [data, options, holders, rules] = await Promise.all([
    gatewayRequest(ConsoleBadgeDocument, { id }),
    gatewayRequest(ConsoleBadgeFormOptionsDocument),
    access.can('user:badge:read') ? gatewayRequest(ConsoleBadgeHoldersDocument, { id }) : null,
    access.can('rule:rule:read') ? gatewayRequest(ConsoleBadgeRulesDocument, { id }) : null,
  ]);
  if (!data.badge) notFound();
  return (
    <BadgeDetailView
      badge={data.badge}
      allBadges={data.allBadges.nodes}
      options={options}
      holders={holders?.badgeHolders ?? null}
      rules={rules?.rules.nodes ?? null}
      canWrite={access.can('badge:badge:write')}
      canPublish={access.can('badge:badge:publish')}
      canWriteDependencies={access.can('badge:dependency:write')}
    />
  );
}
