import { allow, or, type IRules } from '@badge/service-kit';
import {
  type ShieldRule,
  canWriteCatalog,
  endUser,
  isHolder,
  perm,
  scope,
} from '../../shared/rules.js';

/** A grant row: its holder, console readers, and partners reading grants or redemptions. */
export const canReadGrant: ShieldRule = or(
  isHolder,
  perm('benefit:grant:read'),
  perm('benefit:benefit:write'),
  perm('benefit:redemption:read'),
  perm('benefit:redemption:write'),
  scope('read:grants'),
  scope('read:redemption'),
  scope('write:redemption'),
);

export const grantPermissions: IRules = {
  Query: {
    // End users may ask, but the service answers null for grants that are not theirs.
    benefitGrant: or(perm('benefit:grant:read'), scope('read:grants'), endUser),
    benefitGrants: perm('benefit:grant:read'),
  },
  Mutation: {
    grantBenefit: canWriteCatalog,
    retryBenefitGrant: canWriteCatalog,
    revokeBenefitGrant: canWriteCatalog,
    updateBenefitFulfilment: canWriteCatalog,
    markBenefitGrantUsed: canWriteCatalog,
  },
  BenefitGrant: canReadGrant,
  BenefitGrantConnection: allow,
  BenefitClawback: allow,
  Fulfilment: allow,
  GrantBenefitPayload: allow,
  BenefitGrantPayload: allow,
};
