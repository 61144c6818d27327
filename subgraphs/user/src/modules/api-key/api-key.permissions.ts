import { allow, type IRules } from '@badge/service-kit';
import { perm, service } from '../../auth.js';

const read = perm('system:apikey:read');
const write = perm('system:apikey:write');

export const apiKeyPermissions: IRules = {
  Query: { apiKeys: read, apiKey: read, apiKeyAccess: service('gateway') },
  Mutation: {
    createApiKey: write,
    regenerateApiKey: write,
    updateApiKey: write,
    setApiKeyEnabled: write,
    expireApiKey: write,
    deleteApiKey: write,
  },
  // Reached only through the guarded fields above.
  ApiKey: allow,
  ApiKeyConnection: allow,
  ApiKeyAccess: allow,
  ApiKeyPayload: allow,
  ApiKeySecretPayload: allow,
};
