import { allow, requirePermission, type IRules } from '@badge/service-kit';

const overview = requirePermission('stats:overview:read');
const pipelineWrite = requirePermission('system:pipeline:write');

export const pipelinePermissions: IRules = {
  Query: { pipelineStatus: overview },
  Mutation: { replayDeadLetters: pipelineWrite },
  PipelineStatus: overview,
  // Reached only through a guarded field.
  ConsumerGroupLag: allow,
  ReplayDeadLettersPayload: allow,
};
