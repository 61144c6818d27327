import { allow, type IRules } from '@badge/service-kit';
import { canWriteCatalog, isCatalogAdmin } from '../../shared/rules.js';

export const couponPermissions: IRules = {
  Query: { couponCodes: isCatalogAdmin },
  Mutation: { uploadCouponCodes: canWriteCatalog, generateCouponCodes: canWriteCatalog },
  Benefit: { couponPool: isCatalogAdmin },
  CouponCode: isCatalogAdmin,
  CouponCodeConnection: allow,
  CouponPoolStats: allow,
  CouponCodeRejection: allow,
  UploadCouponCodesPayload: allow,
  GenerateCouponCodesPayload: allow,
};
