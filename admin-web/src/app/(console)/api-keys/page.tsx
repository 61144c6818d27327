import { ConsoleApiKeysDocument } from '../../../graphql/generated/graphql';
import { requirePermission } from '../../../server/access';
import { gatewayRequest } from '../../../server/gateway';
import { enumParam, pageArgs, param, type TSearchParams } from '../../../server/search-params';
import { ApiKeysView } from './api-keys-view';

const STATUSES = ['ACTIVE', 'DISABLED', 'EXPIRED'] as const;

export default async function ApiKeysPage({ searchParams }: { searchParams: TSearchParams }) {
  const access = await requirePermission('system:apikey:read');
  const params = await searchParams;
  const { apiKeys } = await gatewayRequest(ConsoleApiKeysDocument, {
    ...pageArgs(params),
    filter: {
      search: param(params, 'q') ?? null,
      status: enumParam(params, 'status', STATUSES) ?? null,
    },
  });
  return (
    <ApiKeysView
      apiKeys={apiKeys}
      statuses={STATUSES}
      canWrite={access.can('system:apikey:write')}
    />
  );
}
