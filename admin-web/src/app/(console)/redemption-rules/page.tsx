import {
  ConsoleBenefitBadgeChoicesDocument,
  ConsoleRedemptionRuleBenefitsDocument,
  ConsoleRedemptionRulesDocument,
  ConsoleRedemptionsDocument,
} from '../../../graphql/generated/graphql';
import { requirePermission } from '../../../server/access';
import { gatewayRequest } from '../../../server/gateway';
import { enumParam, pageArgs, param, type TSearchParams } from '../../../server/search-params';
import { REDEMPTION_STATUSES, RULE_STATUSES, TABS } from './redemption-enums';
import { RedemptionRulesView } from './redemption-rules-view';

export default async function RedemptionRulesPage({
  searchParams,
}: {
  searchParams: TSearchParams;
}) {
  const access = await requirePermission('benefit:redemption:read');
  const params = await searchParams;
  const tab = enumParam(params, 'tab', TABS) ?? 'rules';
  // Redemption rules are written with benefit:benefit:write (the benefit subgraph's rule).
  const canWrite = access.can('benefit:benefit:write');
  const [rules, redemptions, badges, benefits] = await Promise.all([
    tab === 'rules'
      ? gatewayRequest(ConsoleRedemptionRulesDocument, {
          ...pageArgs(params),
          filter: {
            status: enumParam(params, 'status', RULE_STATUSES) ?? null,
            benefitId: param(params, 'benefit') ?? null,
          },
        })
      : null,
    tab === 'redemptions'
      ? gatewayRequest(ConsoleRedemptionsDocument, {
          ...pageArgs(params),
          filter: {
            status: enumParam(params, 'status', REDEMPTION_STATUSES) ?? null,
            userId: param(params, 'user') ?? null,
            redemptionRuleId: param(params, 'rule') ?? null,
          },
        })
      : null,
    // Badge names (and the badges a rule may spend) come from the badge subgraph.
    access.can('badge:badge:read') ? gatewayRequest(ConsoleBenefitBadgeChoicesDocument) : null,
    tab === 'rules' && canWrite ? gatewayRequest(ConsoleRedemptionRuleBenefitsDocument) : null,
  ]);
  return (
    <RedemptionRulesView
      tab={tab}
      rules={rules?.redemptionRules ?? null}
      redemptions={redemptions?.redemptions ?? null}
      badges={badges?.badges.nodes ?? null}
      benefits={benefits?.benefitCatalog.nodes ?? null}
      canWrite={canWrite}
    />
  );
}
