import DataLoader from 'dataloader';
import type { AuthContext, Identity } from '@badge/service-kit';
import type { Repositories } from './db.js';
import {
  createProgressService,
  type ProgressService,
} from './modules/progress/progress.service.js';
import {
  createRuleService,
  type RuleDto,
  type RuleService,
  type RuleVersionDto,
} from './modules/rule/rule.service.js';
import {
  createTemplateService,
  type RuleTemplateDto,
  type TemplateService,
} from './modules/template/template.service.js';

export interface RuleContext extends AuthContext {
  templates: TemplateService;
  rules: RuleService;
  progress: ProgressService;
  loaders: {
    template: DataLoader<string, RuleTemplateDto | null>;
    templateByCode: DataLoader<string, RuleTemplateDto | null>;
    rule: DataLoader<string, RuleDto | null>;
    versions: DataLoader<string, RuleVersionDto[]>;
  };
}

/** Per-request context: services over repositories, and DataLoaders for batched lookups. */
export function createContextFactory(repositories: Repositories) {
  const templates = createTemplateService(repositories.templates);
  const rules = createRuleService(repositories.rules);
  const progress = createProgressService(repositories.progress);
  return (identity: Identity): RuleContext => ({
    identity,
    templates,
    rules,
    progress,
    loaders: {
      template: new DataLoader((ids: readonly string[]) => templates.byIds(ids)),
      templateByCode: new DataLoader((codes: readonly string[]) => templates.byCodes(codes)),
      rule: new DataLoader((ids: readonly string[]) => rules.byIds(ids)),
      versions: new DataLoader((ids: readonly string[]) => rules.versionsByRuleIds(ids)),
    },
  });
}
