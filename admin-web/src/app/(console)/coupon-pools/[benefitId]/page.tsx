import { notFound } from 'next/navigation';
import {
  ConsoleBenefitDocument,
  ConsoleCouponCodesDocument,
} from '../../../../graphql/generated/graphql';
import { requirePermission } from '../../../../server/access';
import { gatewayRequest } from '../../../../server/gateway';
import { enumParam, pageArgs, type TSearchParams } from '../../../../server/search-params';
import { COUPON_CODE_STATUSES } from '../coupon-enums';
import { CouponPoolView } from './coupon-pool-view';

export default async function CouponPoolPage({
  params,
  searchParams,
}: {
  params: Promise<{ benefitId: string }>;
  searchParams: TSearchParams;
}) {
  const access = await requirePermission('benefit:benefit:read');
  const { benefitId } = await params;
  const search = await searchParams;
  const { benefit } = await gatewayRequest(ConsoleBenefitDocument, { id: benefitId });
  // Only COUPON benefits have a code pool (couponCodes refuses the others).
  if (!benefit || benefit.type !== 'COUPON') notFound();
  const { couponCodes } = await gatewayRequest(ConsoleCouponCodesDocument, {
    benefitId,
    ...pageArgs(search),
    status: enumParam(search, 'status', COUPON_CODE_STATUSES) ?? null,
  });
  return (
    <CouponPoolView
      benefit={benefit}
      codes={couponCodes}
      canWrite={access.can('benefit:benefit:write')}
    />
  );
}
