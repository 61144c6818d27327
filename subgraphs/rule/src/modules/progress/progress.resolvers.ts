import type { RuleContext } from '../../context.js';
import type { BadgeProgressDto } from './progress.service.js';

export const progressResolvers = {
  User: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    badgeProgress: (user: { id: string }, _: unknown, ctx: RuleContext) =>
      ctx.progress.forUser(user.id),
  },
  BadgeProgress: {
    badge: (p: BadgeProgressDto) => ({ id: p.badgeId }),
    rule: (p: BadgeProgressDto, _: unknown, ctx: RuleContext) => ctx.loaders.rule.load(p.ruleId),
  },
};
