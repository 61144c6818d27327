import { ConsolePipelineStatusDocument } from '../../../graphql/generated/graphql';
import { requirePermission } from '../../../server/access';
import { gatewayRequest } from '../../../server/gateway';
import { gatewayReadiness } from '../../../server/readiness';
import { SystemView } from './system-view';

export default async function SystemPage() {
  const access = await requirePermission('stats:overview:read');
  const [readiness, pipeline] = await Promise.all([
    gatewayReadiness(),
    gatewayRequest(ConsolePipelineStatusDocument),
  ]);
  return (
    <SystemView
      readiness={readiness}
      pipeline={pipeline.pipelineStatus}
      canReplay={access.can('system:pipeline:write')}
    />
  );
}
