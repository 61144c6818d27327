import { ConsoleUsersDocument } from '../../../graphql/generated/graphql';
import { requirePermission } from '../../../server/access';
import { gatewayRequest } from '../../../server/gateway';
import { enumParam, pageArgs, param, type TSearchParams } from '../../../server/search-params';
import { USER_SEARCH_FIELDS } from './search-fields';
import { UsersView } from './users-view';

const STATUSES = ['ACTIVE', 'BLOCKED', 'DELETED'] as const;

export default async function UsersPage({ searchParams }: { searchParams: TSearchParams }) {
  await requirePermission('user:view:read');
  const params = await searchParams;
  const field = enumParam(params, 'field', USER_SEARCH_FIELDS) ?? 'externalId';
  const q = param(params, 'q');
  const { users } = await gatewayRequest(ConsoleUsersDocument, {
    ...pageArgs(params),
    filter: {
      ...(q ? { [field]: q } : {}),
      status: enumParam(params, 'status', STATUSES) ?? null,
    },
  });
  return <UsersView users={users} statuses={STATUSES} />;
}
