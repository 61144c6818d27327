import {
  ConsoleBadgeFormOptionsDocument,
  ConsoleBadgesDocument,
} from '../../../graphql/generated/graphql';
import { requirePermission } from '../../../server/access';
import { gatewayRequest } from '../../../server/gateway';
import { enumParam, pageArgs, param, type TSearchParams } from '../../../server/search-params';
import { BADGE_SORTS, BADGE_STATUSES } from './badge-enums';
import { BadgesView } from './badges-view';

export default async function BadgesPage({ searchParams }: { searchParams: TSearchParams }) {
  const access = await requirePermission('badge:badge:read');
  const params = await searchParams;
  const status = enumParam(params, 'status', BADGE_STATUSES);
  const [list, options] = await Promise.all([
    gatewayRequest(ConsoleBadgesDocument, {
      ...pageArgs(params),
      filter: {
        search: param(params, 'q') ?? null,
        status: status ? [status] : null,
        categoryId: param(params, 'category') ?? null,
      },
      sort: enumParam(params, 'sort', BADGE_SORTS) ?? 'DISPLAY_ORDER',
    }),
    gatewayRequest(ConsoleBadgeFormOptionsDocument),
  ]);
  return (
    <BadgesView
      badges={list.badges}
      options={options}
      canWrite={access.can('badge:badge:write')}
      canPublish={access.can('badge:badge:publish')}
    />
  );
}
