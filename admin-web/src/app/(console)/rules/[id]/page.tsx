import { notFound } from 'next/navigation';
import {
  ConsoleRuleDocument,
  ConsoleRuleFormOptionsDocument,
} from '../../../../graphql/generated/graphql';
import { requirePermission } from '../../../../server/access';
import { gatewayRequest } from '../../../../server/gateway';
import { RuleDetailView } from './rule-detail-view';

export default async function RuleDetailPage({ params }: { params: Promise<{ id: string }> }) {
  const access = await requirePermission('rule:rule:read');
  const { id } = await params;
  const canWrite = access.can('rule:rule:write');
  const [{ rule }, options] = await Promise.all([
    gatewayRequest(ConsoleRuleDocument, { id }),
    canWrite ? gatewayRequest(ConsoleRuleFormOptionsDocument) : null,
  ]);
  if (!rule) notFound();
  return (
    <RuleDetailView
      rule={rule}
      options={options}
      canWrite={canWrite}
      canPublish={access.can('rule:rule:publish')}
      canTest={access.can('rule:rule:test')}
    />
  );
}
