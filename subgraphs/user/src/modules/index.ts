import { adminModule } from './admin/index.js';
import { apiKeyModule } from './api-key/index.js';
import { commonModule } from './common/index.js';
import { notificationModule } from './notification/index.js';
import { operationLogModule } from './operation-log/index.js';
import { roleModule } from './role/index.js';
import { userModule } from './user/index.js';

/** Every GraphQL module of the user subgraph (the supergraph is composed from their .graphql). */
export const modules = [
  commonModule,
  adminModule,
  roleModule,
  apiKeyModule,
  userModule,
  notificationModule,
  operationLogModule,
];
