import { getServerSession } from 'next-auth';
import { getAuthOptions } from '../../auth/auth-options';
import {
  ConsoleDashboardCountsDocument,
  ConsoleDashboardStatsDocument,
  ConsolePipelineStatusDocument,
} from '../../graphql/generated/graphql';
import { requirePermission } from '../../server/access';
import { gatewayRequest } from '../../server/gateway';
import { DashboardView } from './dashboard-view';

const DAYS = 14;

export default async function DashboardPage() {
  const access = await requirePermission('stats:overview:read');
  const session = await getServerSession(getAuthOptions());
  const [counts, stats, pipeline] = await Promise.all([
    gatewayRequest(ConsoleDashboardCountsDocument),
    gatewayRequest(ConsoleDashboardStatsDocument, { days: DAYS }),
    gatewayRequest(ConsolePipelineStatusDocument),
  ]);
  return (
    <DashboardView
      adminName={access.admin?.name ?? session?.user?.name ?? ''}
      amr={session?.amr ?? []}
      counts={{
        publishedBadges: counts.publishedBadges.totalCount,
        publishedRules: counts.publishedRules.totalCount,
        users: counts.users.totalCount,
      }}
      stats={stats}
      pipeline={pipeline.pipelineStatus}
    />
  );
}
