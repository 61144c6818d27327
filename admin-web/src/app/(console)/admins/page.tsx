import { ConsoleAdminsDocument, ConsoleRolesDocument } from '../../../graphql/generated/graphql';
import { requirePermission } from '../../../server/access';
import { gatewayRequest } from '../../../server/gateway';
import { enumParam, pageArgs, param, type TSearchParams } from '../../../server/search-params';
import { AdminsView } from './admins-view';

const STATUSES = ['ACTIVE', 'PENDING', 'DISABLED'] as const;

export default async function AdminsPage({ searchParams }: { searchParams: TSearchParams }) {
  const access = await requirePermission('system:user:read');
  const params = await searchParams;
  const [admins, roles] = await Promise.all([
    gatewayRequest(ConsoleAdminsDocument, {
      ...pageArgs(params),
      filter: {
        search: param(params, 'q') ?? null,
        status: enumParam(params, 'status', STATUSES) ?? null,
      },
    }),
    access.can('system:role:read') ? gatewayRequest(ConsoleRolesDocument) : null,
  ]);
  return (
    <AdminsView
      admins={admins.adminUsers}
      roles={roles}
      statuses={STATUSES}
      self={access.admin?.id ?? ''}
      canWriteAdmins={access.can('system:user:write')}
      canWriteRoles={access.can('system:role:write')}
    />
  );
}
