import { allow, requirePermission, type IRules } from '@badge/service-kit';
import { ruleTest } from '../shared.permissions.js';

const overview = requirePermission('stats:overview:read');
const pipelineWrite = requirePermission('system:pipeline:write');

export const pipelinePermissions: IRules = {
  Query: { pipelineStatus: overview },
  Mutation: { replayDeadLetters: pipelineWrite, sendTestEvent: ruleTest },
  PipelineStatus: overview,
  // Reached only through a guarded field.
  ConsumerGroupLag: allow,
  ReplayDeadLettersPayload: allow,
  TestEventPayload: allow,
};
