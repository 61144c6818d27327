import { notFound } from 'next/navigation';
import {
  ConsoleBenefitBadgeChoicesDocument,
  ConsoleBenefitBadgeLinksDocument,
  ConsoleBenefitDocument,
  ConsoleBenefitRecentGrantsDocument,
} from '../../../../graphql/generated/graphql';
import { requirePermission } from '../../../../server/access';
import { gatewayRequest } from '../../../../server/gateway';
import { BenefitDetailView } from './benefit-detail-view';

export default async function BenefitDetailPage({ params }: { params: Promise<{ id: string }> }) {
  const access = await requirePermission('benefit:benefit:read');
  const { id } = await params;
  const [data, links, badges, grants] = await Promise.all([
    gatewayRequest(ConsoleBenefitDocument, { id }),
    gatewayRequest(ConsoleBenefitBadgeLinksDocument, { benefitId: id }),
    // Badge names and the badges to link come from the badge subgraph (badge:badge:read).
    access.can('badge:badge:read') ? gatewayRequest(ConsoleBenefitBadgeChoicesDocument) : null,
    access.can('benefit:grant:read')
      ? gatewayRequest(ConsoleBenefitRecentGrantsDocument, { benefitId: id })
      : null,
  ]);
  if (!data.benefit) notFound();
  return (
    <BenefitDetailView
      benefit={data.benefit}
      links={links.badgeBenefits}
      badges={badges?.badges.nodes ?? null}
      grants={grants?.benefitGrants ?? null}
      canWrite={access.can('benefit:benefit:write')}
      canReadRedemptions={access.can('benefit:redemption:read')}
    />
  );
}
