import {
  ConsoleBatchTasksDocument,
  ConsoleGrantableBadgesDocument,
} from '../../../graphql/generated/graphql';
import { requirePermission } from '../../../server/access';
import { gatewayRequest } from '../../../server/gateway';
import { enumParam, pageArgs, type TSearchParams } from '../../../server/search-params';
import { GrantsView } from './grants-view';

const STATUSES = [
  'PENDING',
  'RUNNING',
  'COMPLETED',
  'COMPLETED_WITH_ERRORS',
  'FAILED',
  'CANCELLED',
] as const;

export default async function GrantsPage({ searchParams }: { searchParams: TSearchParams }) {
  const access = await requirePermission('grant:grant:read');
  const params = await searchParams;
  const canGrant = access.can('grant:grant:write');
  const canRevoke = access.can('grant:revoke:write');
  const canBatch = access.can('grant:task:write');
  const [tasks, badges] = await Promise.all([
    access.can('grant:task:read')
      ? gatewayRequest(ConsoleBatchTasksDocument, {
          ...pageArgs(params),
          filter: { status: enumParam(params, 'status', STATUSES) ?? null },
        })
      : null,
    canGrant || canRevoke || canBatch ? gatewayRequest(ConsoleGrantableBadgesDocument) : null,
  ]);
  return (
    <GrantsView
      tasks={tasks?.batchTasks ?? null}
      statuses={STATUSES}
      badges={badges?.badges.nodes ?? []}
      canGrant={canGrant}
      canRevoke={canRevoke}
      canBatch={canBatch}
    />
  );
}
