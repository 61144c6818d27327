import DataLoader from 'dataloader';
import type { AuthContext, Identity } from '@badge/service-kit';
import type { BadgeBenefitDto } from './modules/auto-benefit/auto-benefit.service.js';
import type { BenefitDto } from './modules/benefit/benefit.service.js';
import type { CouponPoolStatsDto } from './modules/coupon/coupon.service.js';
import type { GrantDto } from './modules/grant/grant.service.js';
import type { RedemptionDto, RedemptionRuleDto } from './modules/redemption/redemption.service.js';
import type { Services } from './services.js';

export interface BenefitContext extends AuthContext {
  benefits: Services['benefits'];
  autoBenefits: Services['autoBenefits'];
  coupons: Services['coupons'];
  grants: Services['grants'];
  redemptions: Services['redemptions'];
  stats: Services['stats'];
  loaders: {
    benefit: DataLoader<string, BenefitDto | null>;
    benefitsByBadge: DataLoader<string, BenefitDto[]>;
    linksByBenefit: DataLoader<string, BadgeBenefitDto[]>;
    couponPool: DataLoader<string, CouponPoolStatsDto>;
    grant: DataLoader<string, GrantDto | null>;
    grantByRedemption: DataLoader<string, GrantDto | null>;
    couponCode: DataLoader<string, string | null>;
    redemption: DataLoader<string, RedemptionDto | null>;
    rule: DataLoader<string, RedemptionRuleDto | null>;
  };
}

/** Per-request context: the services, and DataLoaders for batched entity lookups. */
export function createContextFactory(services: Services) {
  const { benefits, autoBenefits, coupons, grants, redemptions, stats } = services;
  return (identity: Identity): BenefitContext => ({
    identity,
    benefits,
    autoBenefits,
    coupons,
    grants,
    redemptions,
    stats,
    loaders: {
      benefit: new DataLoader((ids: readonly string[]) => benefits.byIds(ids)),
      benefitsByBadge: new DataLoader((ids: readonly string[]) =>
        autoBenefits.benefitsByBadgeIds(identity, ids),
      ),
      linksByBenefit: new DataLoader((ids: readonly string[]) =>
        autoBenefits.linksByBenefitIds(ids),
      ),
      couponPool: new DataLoader((ids: readonly string[]) => coupons.poolStats(ids)),
      grant: new DataLoader((ids: readonly string[]) => grants.byIds(ids)),
      grantByRedemption: new DataLoader((ids: readonly string[]) => grants.byRedemptionIds(ids)),
      couponCode: new DataLoader((ids: readonly string[]) => grants.couponCodes(ids)),
      redemption: new DataLoader((ids: readonly string[]) => redemptions.byIds(ids)),
      rule: new DataLoader((ids: readonly string[]) => redemptions.rulesByIds(ids)),
    },
  });
}
