import { allow, type IRules } from '@badge/service-kit';
import { canReadCatalog, canWriteCatalog, isCatalogAdmin } from '../../shared/rules.js';

export const autoBenefitPermissions: IRules = {
  Query: { badgeBenefits: isCatalogAdmin },
  Mutation: {
    linkBadgeBenefit: canWriteCatalog,
    updateBadgeBenefit: canWriteCatalog,
    unlinkBadgeBenefit: canWriteCatalog,
  },
  BadgeBenefit: isCatalogAdmin,
  Badge: { id: allow, benefits: canReadCatalog },
  Benefit: { badgeLinks: isCatalogAdmin },
  BadgeBenefitPayload: allow,
  UnlinkBadgeBenefitPayload: allow,
};
