// The common input schemas live in the service kit; re-exported for this domain's modules.
export {
  parseInput,
  ZId,
  ZUserId,
  ZCode,
  ZLocalizedTextInput,
  type TLocalizedTextInput,
  ZRequiredLocalizedText,
  toStoredText,
  hasEveryLocale,
  ZUrl,
  ZJsonObjectText,
  ZInstant,
} from '@badge/service-kit';
