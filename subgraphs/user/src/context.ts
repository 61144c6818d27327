import DataLoader from 'dataloader';
import type { AuthContext, Identity } from '@badge/service-kit';
import type { PiiCrypto } from './crypto/keys.js';
import type { Repositories } from './db.js';
import type { UserMetrics } from './metrics.js';
import { createAdminService, type AdminService } from './modules/admin/admin.service.js';
import { createApiKeyService, type ApiKeyService } from './modules/api-key/api-key.service.js';
import {
  createNotificationService,
  type DeliveryDto,
  type NotificationService,
} from './modules/notification/notification.service.js';
import {
  createOperationLogService,
  type OperationLogService,
} from './modules/operation-log/operation-log.service.js';
import { createRoleService, type RoleDto, type RoleService } from './modules/role/role.service.js';
import {
  createUserService,
  type UserDto,
  type UserService,
  type WallPreferenceDto,
} from './modules/user/user.service.js';

export interface UserServices {
  admins: AdminService;
  roles: RoleService;
  apiKeys: ApiKeyService;
  users: UserService;
  notifications: NotificationService;
  operationLog: OperationLogService;
}

export interface UserContext extends AuthContext, UserServices {
  loaders: {
    user: DataLoader<string, UserDto | null>;
    role: DataLoader<string, RoleDto | null>;
    wallPreference: DataLoader<string, WallPreferenceDto>;
    unreadCount: DataLoader<string, number>;
    deliveries: DataLoader<string, DeliveryDto[]>;
  };
}

export interface ServiceOptions {
  bootstrapSubjects: readonly string[];
  crypto: PiiCrypto;
  phoneDefaultCountryCode: string;
  metrics: UserMetrics;
  /** Coalesced bookkeeping (fire-and-forget); absent = not recorded. */
  touchAdminLogin?: (subject: string) => void;
  touchApiKey?: (apiKeyId: string) => void;
}

/** The services of the user subgraph over its repositories (one set per process). */
export function createUserServices(
  repositories: Repositories,
  options: ServiceOptions,
): UserServices {
  return {
    admins: createAdminService({
      repository: repositories.admins,
      roles: repositories.roles,
      bootstrapSubjects: options.bootstrapSubjects,
      ...(options.touchAdminLogin ? { touchLogin: options.touchAdminLogin } : {}),
    }),
    roles: createRoleService(repositories.roles),
    apiKeys: createApiKeyService({
      repository: repositories.apiKeys,
      adminIdOf: async (subject) => (await repositories.admins.findBySubject(subject))?.id ?? null,
      metrics: options.metrics,
      ...(options.touchApiKey ? { touchLastUsed: options.touchApiKey } : {}),
    }),
    users: createUserService({
      repository: repositories.users,
      crypto: options.crypto,
      phoneDefaultCountryCode: options.phoneDefaultCountryCode,
    }),
    notifications: createNotificationService(repositories.notifications),
    operationLog: createOperationLogService(repositories.operationLog),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Per-request context: the shared services plus request-scoped DataLoaders. */
export function createContextFactory(
  services: UserServices,
  hooks: { touchApiKey?: (apiKeyId: string) => void } = {},
) {
  return (identity: Identity): UserContext => {
    // A partner request reaching this subgraph is a use of its key, too.
    if (identity.kind === 'partner' && identity.apiKeyId && UUID.test(identity.apiKeyId))
      hooks.touchApiKey?.(identity.apiKeyId);
    return {
      identity,
      ...services,
      loaders: {
        user: new DataLoader((ids: readonly string[]) => services.users.byExternalIds(ids)),
        role: new DataLoader((ids: readonly string[]) => services.roles.byIds(ids)),
        wallPreference: new DataLoader((ids: readonly string[]) =>
          services.users.wallPreferences(ids),
        ),
        unreadCount: new DataLoader((ids: readonly string[]) =>
          services.notifications.unreadCounts(ids),
        ),
        deliveries: new DataLoader((ids: readonly string[]) =>
          services.notifications.deliveriesOf(ids),
        ),
      },
    };
  };
}
