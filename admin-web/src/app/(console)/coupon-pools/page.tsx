import { ConsoleCouponPoolsDocument } from '../../../graphql/generated/graphql';
import { requirePermission } from '../../../server/access';
import { gatewayRequest } from '../../../server/gateway';
import { enumParam, pageArgs, param, type TSearchParams } from '../../../server/search-params';
import { BENEFIT_STATUSES } from '../benefits/benefit-enums';
import { CouponPoolsView } from './coupon-pools-view';

export default async function CouponPoolsPage({ searchParams }: { searchParams: TSearchParams }) {
  await requirePermission('benefit:benefit:read');
  const params = await searchParams;
  const status = enumParam(params, 'status', BENEFIT_STATUSES);
  const { benefitCatalog } = await gatewayRequest(ConsoleCouponPoolsDocument, {
    ...pageArgs(params),
    filter: {
      type: 'COUPON',
      search: param(params, 'q') ?? null,
      status: status ? [status] : null,
    },
  });
  return <CouponPoolsView pools={benefitCatalog} />;
}
