import DataLoader from 'dataloader';
import type { AuthContext, Identity } from '@badge/service-kit';
import type { Repositories } from './db.js';
import {
  createTemplateService,
  type RuleTemplateDto,
  type TemplateService,
} from './modules/template/template.service.js';

export interface RuleContext extends AuthContext {
  templates: TemplateService;
  loaders: { template: DataLoader<string, RuleTemplateDto | null> };
}

export function createContextFactory(repositories: Repositories) {
  const templates = createTemplateService(repositories.templates);
  return (identity: Identity): RuleContext => ({
    identity,
    templates,
    loaders: { template: new DataLoader((ids: readonly string[]) => templates.byIds(ids)) },
  });
}
