import { ConsoleRulesDocument } from '../../../graphql/generated/graphql';
import { requirePermission } from '../../../server/access';
import { gatewayRequest } from '../../../server/gateway';
import { enumParam, pageArgs, param, type TSearchParams } from '../../../server/search-params';
import { RulesView } from './rules-view';

const STATUSES = ['DRAFT', 'PUBLISHED', 'DISABLED'] as const;

export default async function RulesPage({ searchParams }: { searchParams: TSearchParams }) {
  const access = await requirePermission('rule:rule:read');
  const params = await searchParams;
  const { rules } = await gatewayRequest(ConsoleRulesDocument, {
    ...pageArgs(params),
    filter: {
      search: param(params, 'q') ?? null,
      status: enumParam(params, 'status', STATUSES) ?? null,
      badgeId: param(params, 'badge') ?? null,
    },
  });
  return <RulesView rules={rules} statuses={STATUSES} canWrite={access.can('rule:rule:write')} />;
}
