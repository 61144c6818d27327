import { format } from '../../../i18n/messages';
import { getRequestMessages } from '../../../i18n/server';
import { StatusPage } from '../../../ui/status-page';

export default async function ForbiddenPage({
  searchParams,
}: {
  searchParams: Promise<{ permission?: string }>;
}) {
  const { t } = await getRequestMessages();
  const { permission = '' } = await searchParams;
  return (
    <StatusPage
      testId="forbidden"
      status="403"
      title={t.common.forbiddenTitle}
      text={format(t.common.forbiddenText, { permission })}
      action={{ href: '/', label: t.common.backHome }}
    />
  );
}
