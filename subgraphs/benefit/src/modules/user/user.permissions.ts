import { allow, isSelf, or, type IRules } from '@badge/service-kit';
import { perm, scope } from '../../shared/rules.js';

const grantsRead = or(
  isSelf,
  perm('benefit:grant:read'),
  scope('read:grants'),
  scope('read:users'),
);
const redemptionsRead = or(
  isSelf,
  perm('benefit:redemption:read'),
  scope('read:redemption'),
  scope('write:redemption'),
);

export const userPermissions: IRules = {
  Query: { benefitUser: or(grantsRead, redemptionsRead) },
  User: { id: allow, benefitGrants: grantsRead, redemptions: redemptionsRead },
};
