import { ConsoleBenefitsDocument } from '../../../graphql/generated/graphql';
import { requirePermission } from '../../../server/access';
import { gatewayRequest } from '../../../server/gateway';
import { enumParam, pageArgs, param, type TSearchParams } from '../../../server/search-params';
import { BENEFIT_STATUSES, BENEFIT_TYPES } from './benefit-enums';
import { BenefitsView } from './benefits-view';

export default async function BenefitsPage({ searchParams }: { searchParams: TSearchParams }) {
  const access = await requirePermission('benefit:benefit:read');
  const params = await searchParams;
  const status = enumParam(params, 'status', BENEFIT_STATUSES);
  const { benefitCatalog } = await gatewayRequest(ConsoleBenefitsDocument, {
    ...pageArgs(params),
    filter: {
      search: param(params, 'q') ?? null,
      status: status ? [status] : null,
      type: enumParam(params, 'type', BENEFIT_TYPES) ?? null,
    },
  });
  return <BenefitsView benefits={benefitCatalog} canWrite={access.can('benefit:benefit:write')} />;
}
