import { ConsoleOperationLogsDocument } from '../../../graphql/generated/graphql';
import { requirePermission } from '../../../server/access';
import { gatewayRequest } from '../../../server/gateway';
import { enumParam, pageArgs, param, type TSearchParams } from '../../../server/search-params';
import { operationLogFilter } from './filter';
import { OperationLogView } from './operation-log-view';

export default async function OperationLogPage({ searchParams }: { searchParams: TSearchParams }) {
  await requirePermission('log:operation:read');
  const params = await searchParams;
  const filter = operationLogFilter({
    module: param(params, 'module'),
    action: param(params, 'action'),
    actorType: enumParam(params, 'actorType', ['ADMIN', 'API_KEY', 'SYSTEM', 'USER'] as const),
    targetId: param(params, 'target'),
    from: param(params, 'from'),
    to: param(params, 'to'),
  });
  const { operationLogs } = await gatewayRequest(ConsoleOperationLogsDocument, {
    ...pageArgs(params),
    filter,
  });
  return <OperationLogView logs={operationLogs} filter={filter} />;
}
