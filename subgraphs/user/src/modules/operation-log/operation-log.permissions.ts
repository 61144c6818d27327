import { allow, type IRules } from '@badge/service-kit';
import { perm } from '../../auth.js';

const read = perm('log:operation:read');

export const operationLogPermissions: IRules = {
  Query: { operationLogs: read, verifyOperationLog: read, operationLogCsv: read },
  OperationLogEntry: allow,
  OperationLogConnection: allow,
  OperationLogVerification: allow,
};
