import { allow, or, type IRules } from '@badge/service-kit';
import {
  canReadCatalog,
  canWriteCatalog,
  endUser,
  isHolder,
  isSelfInput,
  perm,
  scope,
} from '../../shared/rules.js';

/** A redemption row: its user, console readers, and partners with redemption scopes. */
const canReadRedemption = or(
  isHolder,
  perm('benefit:redemption:read'),
  perm('benefit:redemption:write'),
  scope('read:redemption'),
  scope('write:redemption'),
);

export const redemptionPermissions: IRules = {
  Query: {
    redemptionRules: canReadCatalog,
    redemptionRule: canReadCatalog,
    // End users may ask, but the service answers null for redemptions that are not theirs.
    redemption: or(
      perm('benefit:redemption:read'),
      perm('benefit:redemption:write'),
      scope('read:redemption'),
      scope('write:redemption'),
      endUser,
    ),
    redemptions: perm('benefit:redemption:read'),
  },
  Mutation: {
    createRedemptionRule: canWriteCatalog,
    updateRedemptionRule: canWriteCatalog,
    activateRedemptionRule: canWriteCatalog,
    disableRedemptionRule: canWriteCatalog,
    redeem: or(perm('benefit:redemption:write'), scope('write:redemption'), isSelfInput),
  },
  RedemptionRule: canReadCatalog,
  Redemption: canReadRedemption,
  RedemptionBadge: allow,
  RedemptionRuleConnection: allow,
  RedemptionConnection: allow,
  RedemptionRulePayload: allow,
  RedeemPayload: allow,
};
