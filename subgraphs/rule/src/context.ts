import DataLoader from 'dataloader';
import { AppError, type AuthContext, type Identity } from '@badge/service-kit';
import type { Repositories } from './db.js';
import type { PipelineService } from './modules/pipeline/pipeline.service.js';
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
  /** The pipeline module's service; DEPENDENCY_UNAVAILABLE where the process has none. */
  pipeline(): PipelineService;
  loaders: {
    template: DataLoader<string, RuleTemplateDto | null>;
    templateByCode: DataLoader<string, RuleTemplateDto | null>;
    rule: DataLoader<string, RuleDto | null>;
    versions: DataLoader<string, RuleVersionDto[]>;
  };
}

/**
 * Per-request context: services over repositories, and DataLoaders for batched lookups. The
 * pipeline service talks to Kafka; the server passes it (server.ts), tests that do not need it may
 * leave it out.
 */
export function createContextFactory(
  repositories: Repositories,
  options: { pipeline?: PipelineService } = {},
) {
  const templates = createTemplateService(repositories.templates);
  const rules = createRuleService(repositories.rules);
  const progress = createProgressService(repositories.progress);
  const pipeline = (): PipelineService => {
    if (!options.pipeline)
      throw new AppError('DEPENDENCY_UNAVAILABLE', 'this process has no Kafka connection');
    return options.pipeline;
  };
  return (identity: Identity): RuleContext => ({
    identity,
    templates,
    rules,
    progress,
    pipeline,
    loaders: {
      template: new DataLoader((ids: readonly string[]) => templates.byIds(ids)),
      templateByCode: new DataLoader((codes: readonly string[]) => templates.byCodes(codes)),
      rule: new DataLoader((ids: readonly string[]) => rules.byIds(ids)),
      versions: new DataLoader((ids: readonly string[]) => rules.versionsByRuleIds(ids)),
    },
  });
}
