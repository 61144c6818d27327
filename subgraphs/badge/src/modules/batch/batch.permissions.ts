import { allow, type IRules } from '@badge/service-kit';
import { perm } from '../../shared/rules.js';

const read = perm('grant:task:read');
const write = perm('grant:task:write');

export const batchPermissions: IRules = {
  Query: { batchTask: read, batchTasks: read },
  Mutation: { createBatchTask: write, retryBatchTask: write, cancelBatchTask: write },
  // Task fields are read by the console (read) and returned by its own mutations (write).
  BatchTask: allow,
  BatchTaskFailure: allow,
  BatchTaskFailureConnection: allow,
  BatchTaskConnection: allow,
  BatchTaskPayload: allow,
};
