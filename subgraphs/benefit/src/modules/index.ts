import { autoBenefitModule } from './auto-benefit/index.js';
import { benefitModule } from './benefit/index.js';
import { commonModule } from './common/index.js';
import { couponModule } from './coupon/index.js';
import { grantModule } from './grant/index.js';
import { redemptionModule } from './redemption/index.js';
import { statsModule } from './stats/index.js';
import { userModule } from './user/index.js';

/** Every GraphQL module of the benefit subgraph (the supergraph is composed from their .graphql). */
export const modules = [
  benefitModule,
  commonModule,
  autoBenefitModule,
  couponModule,
  grantModule,
  redemptionModule,
  userModule,
  statsModule,
];
