import DataLoader from 'dataloader';
import type { AuthContext, Identity } from '@badge/service-kit';
import type { Repositories } from './db.js';
import {
  createBenefitService,
  type BenefitDto,
  type BenefitService,
} from './modules/benefit/benefit.service.js';

export interface BenefitContext extends AuthContext {
  benefits: BenefitService;
  loaders: { benefit: DataLoader<string, BenefitDto | null> };
}

export function createContextFactory(repositories: Repositories) {
  const benefits = createBenefitService(repositories.benefits);
  return (identity: Identity): BenefitContext => ({
    identity,
    benefits,
    loaders: { benefit: new DataLoader((ids: readonly string[]) => benefits.byIds(ids)) },
  });
}
