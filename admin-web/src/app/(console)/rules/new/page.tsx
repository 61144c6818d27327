import { ConsoleRuleFormOptionsDocument } from '../../../../graphql/generated/graphql';
import { getRequestMessages } from '../../../../i18n/server';
import { requirePermission } from '../../../../server/access';
import { gatewayRequest } from '../../../../server/gateway';
import { PageTitle } from '../../../../ui/page-title';
import { RuleFormCard } from '../rule-form';

export default async function NewRulePage() {
  await requirePermission('rule:rule:write');
  const [{ t }, options] = await Promise.all([
    getRequestMessages(),
    gatewayRequest(ConsoleRuleFormOptionsDocument),
  ]);
  return (
    <>
      <PageTitle title={t.rules.newRule} />
      <RuleFormCard options={options} />
    </>
  );
}
