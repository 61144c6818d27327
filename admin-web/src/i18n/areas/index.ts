// Every console area's texts; messages.ts merges them under their area name (t.<area>.<key>).
import { access } from './access';
import { badges } from './badges';
import { benefits } from './benefits';
import { categories } from './categories';
import { common } from './common';
import { dashboard } from './dashboard';
import { grants } from './grants';
import { nav } from './nav';
import { rules } from './rules';
import { system } from './system';
import { users } from './users';

export const AREA_MESSAGES = {
  access,
  badges,
  benefits,
  categories,
  common,
  dashboard,
  grants,
  nav,
  rules,
  system,
  users,
};
