import { allow, or, type IRules } from '@badge/service-kit';
import {
  canReadCatalog,
  canWriteCatalog,
  isCatalogAdmin,
  perm,
  scope,
} from '../../shared/rules.js';

// Admins with the permission; partners reading the programme's catalogue (scope read:badges).
const read = or(perm('benefit:benefit:read'), scope('read:badges'));

export const benefitPermissions: IRules = {
  Query: {
    benefits: read,
    benefit: canReadCatalog,
    benefitCatalog: isCatalogAdmin,
  },
  Mutation: {
    createBenefit: canWriteCatalog,
    updateBenefit: canWriteCatalog,
    publishBenefit: canWriteCatalog,
    offlineBenefit: canWriteCatalog,
    archiveBenefit: canWriteCatalog,
  },
  // A benefit is shown wherever it is referenced (grants, redemptions, a badge's benefits); the
  // field that returns it decides who may see it. Console internals are admin-only.
  Benefit: {
    '*': canReadCatalog,
    version: isCatalogAdmin,
  },
  BenefitValidity: allow,
  BenefitConfig: allow,
  BenefitConnection: allow,
  BenefitPayload: allow,
};
