import type { BenefitType, BenefitValidityKind } from '../../../graphql/generated/graphql';
import type { TLocale, TMessages } from '../../../i18n/messages';
import { formatTime } from '../../../ui/localized';

/** "remaining / total", or unlimited. */
export function stockText(
  b: { totalStock?: number | null; remainingStock?: number | null },
  t: TMessages,
): string {
  return b.totalStock == null ? t.benefits.unlimited : `${b.remainingStock ?? 0} / ${b.totalStock}`;
}

export function validityText(
  v: {
    kind: BenefitValidityKind;
    validDays?: number | null;
    validFrom?: string | null;
    validUntil?: string | null;
  },
  t: TMessages,
  locale: TLocale,
): string {
  if (v.kind === 'RELATIVE') return `${t.benefits.validityKinds.RELATIVE} (${v.validDays ?? ''})`;
  if (v.kind === 'FIXED')
    return `${v.validFrom ? formatTime(v.validFrom, locale) : '…'} → ${formatTime(v.validUntil, locale)}`;
  return t.benefits.validityKinds.NONE;
}

/** The main setting of the benefit's type, in a few words (e.g. "10.00 CNY", "500 points"). */
export function settingText(
  b: {
    type: BenefitType;
    config: {
      points?: number | null;
      faceValue?: string | null;
      currency?: string | null;
      sku?: string | null;
      privilegeCode?: string | null;
    };
  },
  t: TMessages,
): string {
  const c = b.config;
  switch (b.type) {
    case 'COUPON':
      return c.faceValue ? `${c.faceValue} ${c.currency ?? ''}`.trim() : t.common.none;
    case 'POINTS':
      return c.points != null ? `${c.points} ${t.benefits.pointsUnit}` : t.common.none;
    case 'PHYSICAL':
      return c.sku ? `SKU ${c.sku}` : t.common.none;
    case 'PRIVILEGE':
      return c.privilegeCode ?? t.common.none;
    default:
      return t.common.none;
  }
}
