/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type AdminStatus =
  | 'ACTIVE'
  | 'DISABLED'
  /** Signed in, waiting for an admin to grant a role. */
  | 'PENDING';

export type AdminUserFilterInput = {
  /** Part of the subject, e-mail or name (case-insensitive). */
  search?: string | null | undefined;
  status?: AdminStatus | null | undefined;
};

export type ApiKeyFilterInput = {
  /** Part of the name, or the start of the prefix. */
  search?: string | null | undefined;
  status?: ApiKeyStatus | null | undefined;
};

export type ApiKeyStatus =
  | 'ACTIVE'
  | 'DISABLED'
  /** Past its expiry time. */
  | 'EXPIRED';

export type AssignAdminRolesInput = {
  adminUserId: string;
  /** The complete set of role codes the admin holds afterwards. */
  roleCodes: Array<string>;
};

export type BadgeActorType =
  | 'ADMIN'
  | 'API_KEY'
  | 'SYSTEM'
  | 'USER';

export type BadgeDependencyGroupInput = {
  items: Array<BadgeDependencyItemInput>;
  name?: string | null | undefined;
  operator: DependencyOperator;
};

export type BadgeDependencyItemInput = {
  consumesPrerequisite?: boolean | null | undefined;
  requiredBadgeId: string;
  requiredQuantity?: number | null | undefined;
  revokeBehavior?: DependencyRevokeBehavior | null | undefined;
};

export type BadgeFilterInput = {
  categoryId?: string | null | undefined;
  /** Console only. */
  isHiddenUntilEarned?: boolean | null | undefined;
  /** Case-insensitive match on the code and the names. */
  search?: string | null | undefined;
  seriesId?: string | null | undefined;
  /** Console only (ignored for client apps, which see PUBLISHED badges). */
  status?: Array<BadgeStatus> | null | undefined;
};

export type BadgeSort =
  | 'CREATED_AT_DESC'
  | 'DISPLAY_ORDER'
  | 'UPDATED_AT_DESC';

/**
 * DRAFT: console only, not grantable. PUBLISHED: in the catalogue, grantable. OFFLINE: no new
 * grants; holders keep and see theirs. ARCHIVED: gone from catalogues (terminal); holders keep it.
 */
export type BadgeStatus =
  | 'ARCHIVED'
  | 'DRAFT'
  | 'OFFLINE'
  | 'PUBLISHED';

export type BadgeValidityInput = {
  kind: BadgeValidityKind;
  /** RELATIVE: days after each grant. */
  validDays?: number | null | undefined;
  /** FIXED: ISO 8601 instants. */
  validFrom?: string | null | undefined;
  validUntil?: string | null | undefined;
};

/** NONE: never expires. FIXED: grantable and valid inside [validFrom, validUntil]. RELATIVE: each grant expires validDays later. */
export type BadgeValidityKind =
  | 'FIXED'
  | 'NONE'
  | 'RELATIVE';

export type BatchTaskFilterInput = {
  badgeId?: string | null | undefined;
  status?: BatchTaskStatus | null | undefined;
  type?: BatchTaskType | null | undefined;
};

export type BatchTaskStatus =
  | 'CANCELLED'
  | 'COMPLETED'
  | 'COMPLETED_WITH_ERRORS'
  | 'FAILED'
  | 'PENDING'
  | 'RUNNING';

export type BatchTaskType =
  | 'GRANT'
  | 'REVOKE';

/** Settings of the benefit's type; a setting of another type is refused. */
export type BenefitConfigInput = {
  currency?: string | null | undefined;
  /** A JSON object of further settings. */
  extraJson?: string | null | undefined;
  faceValue?: string | null | undefined;
  points?: number | null | undefined;
  privilegeCode?: string | null | undefined;
  sku?: string | null | undefined;
};

export type BenefitFilterInput = {
  /** Part of the code or of a name. */
  search?: string | null | undefined;
  status?: Array<BenefitStatus> | null | undefined;
  type?: BenefitType | null | undefined;
};

export type BenefitGrantFailureCode =
  /** Not PUBLISHED, not yet valid or expired. */
  | 'BENEFIT_UNAVAILABLE'
  | 'COUPON_POOL_EXHAUSTED'
  /** The points system failed (timeout, 5xx): retried. */
  | 'EXTERNAL_ERROR'
  /** The points system refused the credit. */
  | 'EXTERNAL_REJECTED'
  /** The badge domain could not consume the badges of a redemption. */
  | 'INSUFFICIENT_BADGES'
  | 'INTERNAL_ERROR'
  | 'OUT_OF_STOCK'
  | 'USER_LIMIT_REACHED';

/** AUTO: with a badge (sourceBadgeGrantId). REDEMPTION: badges spent (redemption). MANUAL: a console grant. */
export type BenefitGrantSource =
  | 'AUTO'
  | 'MANUAL'
  | 'REDEMPTION';

/** PENDING: being delivered (points) or held for a pending redemption. GRANTED: the user has it. FAILED: not delivered (see failureCode). REVOKED: clawed back or cancelled. EXPIRED: past its validity. */
export type BenefitGrantStatus =
  | 'EXPIRED'
  | 'FAILED'
  | 'GRANTED'
  | 'PENDING'
  | 'REVOKED';

/**
 * Same lifecycle as badges. DRAFT: console only, not grantable. PUBLISHED: grantable and visible to
 * client apps and partners. OFFLINE: no new grants or redemptions; existing grants stay. ARCHIVED:
 * terminal, history only.
 */
export type BenefitStatus =
  | 'ARCHIVED'
  | 'DRAFT'
  | 'OFFLINE'
  | 'PUBLISHED';

export type BenefitType =
  /** A coupon code from the benefit's code pool. */
  | 'COUPON'
  /** Anything else, fulfilled by an integration. */
  | 'CUSTOM'
  /** A physical good to ship (grants carry a fulfilment status). */
  | 'PHYSICAL'
  /** Points credited in the external points system. */
  | 'POINTS'
  /** A privilege (lounge access, priority service…). */
  | 'PRIVILEGE';

export type BenefitValidityInput = {
  kind: BenefitValidityKind;
  validDays?: number | null | undefined;
  validFrom?: string | null | undefined;
  validUntil?: string | null | undefined;
};

/** NONE: grants never expire. FIXED: grantable inside [validFrom, validUntil), grants expire at validUntil. RELATIVE: each grant expires validDays after it was granted. */
export type BenefitValidityKind =
  | 'FIXED'
  | 'NONE'
  | 'RELATIVE';

export type CouponCodeStatus =
  /** In the pool, not yet given to anyone. */
  | 'AVAILABLE'
  /** Given to a user (bound to their grant). */
  | 'ISSUED'
  /** Held for a pending redemption. */
  | 'RESERVED'
  /** Voided (clawback): never given out again. */
  | 'REVOKED';

export type CreateApiKeyInput = {
  description?: string | null | undefined;
  /** ISO 8601 time in the future; omit for a key that does not expire. */
  expiresAt?: string | null | undefined;
  name: string;
  rateLimitPerMinute?: number | null | undefined;
  scopes: Array<string>;
};

export type CreateBadgeCategoryInput = {
  code: string;
  description?: LocalizedTextInput | null | undefined;
  displayOrder?: number | null | undefined;
  iconUrl?: string | null | undefined;
  isEnabled?: boolean | null | undefined;
  name: LocalizedTextInput;
};

export type CreateBadgeInput = {
  categoryId: string;
  code: string;
  description?: LocalizedTextInput | null | undefined;
  displayOrder?: number | null | undefined;
  imageUrl?: string | null | undefined;
  isAutoCascade?: boolean | null | undefined;
  isHiddenUntilEarned?: boolean | null | undefined;
  isRepeatable?: boolean | null | undefined;
  /** A JSON object as text. */
  metadata?: string | null | undefined;
  name: LocalizedTextInput;
  perUserCap?: number | null | undefined;
  seriesId?: string | null | undefined;
  /** null or omitted = unlimited; never negative. */
  totalStock?: number | null | undefined;
  validity?: BadgeValidityInput | null | undefined;
};

export type CreateBadgeSeriesInput = {
  categoryId: string;
  code: string;
  coverUrl?: string | null | undefined;
  description?: LocalizedTextInput | null | undefined;
  displayOrder?: number | null | undefined;
  endsAt?: string | null | undefined;
  isEnabled?: boolean | null | undefined;
  name: LocalizedTextInput;
  startsAt?: string | null | undefined;
};

/**
 * csv: the file's text (UTF-8), at most 5 MB / 100,000 rows, header `user_id` and optionally
 * `quantity`. A malformed file is refused (BAD_USER_INPUT, details.problems with line numbers);
 * bad values in a row become failures of that row.
 */
export type CreateBatchTaskInput = {
  /** Upload the same file for the same badge and type again (refused by default). */
  allowDuplicateFile?: boolean | null | undefined;
  badgeId: string;
  csv: string;
  fileName?: string | null | undefined;
  /** Units per row (default 1) unless the row has a quantity. */
  quantity?: number | null | undefined;
  reason: string;
  type: BatchTaskType;
};

export type CreateBenefitInput = {
  /** Stable code, lower snake case (fixed once the benefit left DRAFT). */
  code: string;
  config?: BenefitConfigInput | null | undefined;
  description?: LocalizedTextInput | null | undefined;
  imageUrl?: string | null | undefined;
  name: LocalizedTextInput;
  /** Null or absent: unlimited. */
  perUserLimit?: number | null | undefined;
  /** Null or absent: unlimited. */
  totalStock?: number | null | undefined;
  type: BenefitType;
  validity?: BenefitValidityInput | null | undefined;
};

export type CreateRedemptionRuleInput = {
  activeFrom?: string | null | undefined;
  activeUntil?: string | null | undefined;
  benefitId: string;
  /** COUPON: 1. */
  benefitQuantity?: number | null | undefined;
  code: string;
  description?: LocalizedTextInput | null | undefined;
  /** 1–5 distinct badges. */
  items: Array<RedemptionBadgeInput>;
  name: LocalizedTextInput;
  perUserLimit?: number | null | undefined;
};

export type CreateRoleInput = {
  /** lowercase letters, digits and _ (e.g. campaign_manager) */
  code: string;
  description?: string | null | undefined;
  name: string;
  permissions: Array<string>;
};

export type CreateRuleInput = {
  activeFrom?: string | null | undefined;
  activeUntil?: string | null | undefined;
  badgeId: string;
  celCondition?: string | null | undefined;
  description?: string | null | undefined;
  /** Default: the template's default event types. */
  eventTypes?: Array<string> | null | undefined;
  grantQuantity?: number | null | undefined;
  name: string;
  params?: Array<RuleParamInput> | null | undefined;
  perUserGrantLimit?: number | null | undefined;
  priority?: number | null | undefined;
  revokeOnRefund?: boolean | null | undefined;
  templateCode: string;
  timezone?: string | null | undefined;
};

export type DeleteRuleInput = {
  id: string;
  lockVersion: number;
};

export type DependencyOperator =
  | 'AND'
  | 'OR';

/** What happens to a dependent badge when this prerequisite is revoked. */
export type DependencyRevokeBehavior =
  /** The dependent badge is revoked too, when its prerequisites are no longer met. */
  | 'CASCADE'
  /** The dependent badge stays. */
  | 'KEEP';

export type DisableRuleInput = {
  id: string;
  lockVersion: number;
  reason?: string | null | undefined;
};

/** A sample event for a dry run (the JSON form of the events, simplified). */
export type DryRunEventInput = {
  /** Transactions: amount in minor units (12900 = 129.00 CNY). */
  amount?: string | null | undefined;
  /** JSON object of attributes: strings, numbers (integers are CEL ints), booleans, lists. */
  attributes?: string | null | undefined;
  currency?: string | null | undefined;
  /** Default: a generated id. */
  eventId?: string | null | undefined;
  /** RFC 3339; default: now. */
  occurredAt?: string | null | undefined;
  orderId?: string | null | undefined;
  refundOfEventId?: string | null | undefined;
  source?: string | null | undefined;
  /** IANA zone of the user (as the `timezone` attribute). */
  timezone?: string | null | undefined;
  /** `check_in`, `purchase`, `refund`, … */
  type: string;
};

export type DryRunRuleInput = {
  event: DryRunEventInput;
  /** Active grants the user already holds from this rule (default: stored, else 0). */
  grantCount?: number | null | undefined;
  /** Or simulate the user's history: these events are applied first. */
  history?: Array<DryRunEventInput> | null | undefined;
  ruleId: string;
  /** Start from this user's stored aggregates and grant count (read-only). */
  userId?: string | null | undefined;
  /** Published version to test; default: the working copy (unsaved changes are not included). */
  version?: number | null | undefined;
};

export type GenerateCouponCodesInput = {
  benefitId: string;
  count: number;
  expiresAt?: string | null | undefined;
  importBatch?: string | null | undefined;
  /** Random characters after the prefix (6–32, default 10). */
  length?: number | null | undefined;
  /** Start of every code (1–16 letters, digits, - or _). */
  prefix: string;
};

export type GrantBadgeInput = {
  badgeId: string;
  /** Optional client key: retrying with the same key returns the first grant (isDuplicate). */
  idempotencyKey?: string | null | undefined;
  quantity?: number | null | undefined;
  reason: string;
  userId: string;
};

export type LinkBadgeBenefitInput = {
  badgeId: string;
  benefitId: string;
  clawbackOnRevoke?: boolean | null | undefined;
  /** Units per badge grant (COUPON: 1). */
  quantity?: number | null | undefined;
};

/** A text per locale, as input (empty locales are dropped). */
export type LocalizedTextInput = {
  enUS?: string | null | undefined;
  zhCN?: string | null | undefined;
};

export type OperationActorType =
  | 'ADMIN'
  | 'API_KEY'
  | 'SYSTEM'
  | 'USER';

export type OperationLogFilterInput = {
  action?: string | null | undefined;
  actorId?: string | null | undefined;
  actorType?: OperationActorType | null | undefined;
  /** ISO 8601, inclusive. */
  from?: string | null | undefined;
  module?: string | null | undefined;
  targetId?: string | null | undefined;
  targetType?: string | null | undefined;
  /** ISO 8601, exclusive. */
  to?: string | null | undefined;
};

export type ProvisionAdminUserInput = {
  email?: string | null | undefined;
  name?: string | null | undefined;
  /** Roles to grant; with at least one the admin is ACTIVE at once, else PENDING. */
  roleCodes: Array<string>;
  /** OIDC subject the admin will sign in with. */
  subject: string;
};

export type PublishRuleInput = {
  changeNote?: string | null | undefined;
  id: string;
  lockVersion: number;
};

export type RedemptionBadgeInput = {
  badgeId: string;
  quantity: number;
};

export type RedemptionFilterInput = {
  benefitId?: string | null | undefined;
  redemptionRuleId?: string | null | undefined;
  status?: RedemptionStatus | null | undefined;
  userId?: string | null | undefined;
};

export type RedemptionRuleFilterInput = {
  badgeId?: string | null | undefined;
  benefitId?: string | null | undefined;
  /** Console only (client apps and partners see ACTIVE rules). */
  status?: RedemptionRuleStatus | null | undefined;
};

/** DRAFT: being set up. ACTIVE: redeemable (inside its window). DISABLED: closed. */
export type RedemptionRuleStatus =
  | 'ACTIVE'
  | 'DISABLED'
  | 'DRAFT';

/**
 * PENDING: stock reserved, waiting for the badge domain to consume the badges. COMPLETED: badges
 * consumed and benefit granted. FAILED: nothing consumed (failureReason says why, e.g.
 * INSUFFICIENT_BADGES). COMPENSATING: badges were consumed but the benefit could not be granted;
 * they are being given back. COMPENSATED: badges given back.
 */
export type RedemptionStatus =
  | 'COMPENSATED'
  | 'COMPENSATING'
  | 'COMPLETED'
  | 'FAILED'
  | 'PENDING';

export type RevokeBadgeInput = {
  badgeId: string;
  idempotencyKey?: string | null | undefined;
  quantity?: number | null | undefined;
  reason: string;
  /** Take from this grant only (default: the soonest to expire first). */
  userBadgeId?: string | null | undefined;
  userId: string;
};

export type RuleFilterInput = {
  badgeId?: string | null | undefined;
  eventType?: string | null | undefined;
  /** Case-insensitive match on the name. */
  search?: string | null | undefined;
  status?: RuleStatus | null | undefined;
  templateCode?: string | null | undefined;
};

export type RuleParamInput = {
  name: string;
  value: string;
};

export type RuleParameterType =
  | 'DECIMAL'
  | 'DURATION'
  | 'ENUM'
  | 'INT'
  | 'STRING';

export type RuleStatus =
  /** Not evaluated; history kept; may be published again. */
  | 'DISABLED'
  /** Editable, not evaluated. */
  | 'DRAFT'
  /** Evaluated by the rule worker using `currentVersion`. */
  | 'PUBLISHED';

export type SetAdminUserStatusInput = {
  id: string;
  /** ACTIVE or DISABLED. */
  status: AdminStatus;
};

/** Replaces every group of the badge (an empty list removes its prerequisites). */
export type SetBadgeDependenciesInput = {
  badgeId: string;
  groups: Array<BadgeDependencyGroupInput>;
};

/**
 * A sample event for testing rules end to end, produced to Kafka exactly as a client app would send
 * it: an engagement event (any lower snake_case type, e.g. check_in) or a purchase transaction.
 */
export type TestEventInput = {
  /** Purchases: the amount in minor units (e.g. cents), at least 1. */
  amount?: number | null | undefined;
  /** Engagement events: a JSON object of attributes (strings, numbers, booleans, lists). */
  attributes?: string | null | undefined;
  /** Purchases: ISO 4217 currency, default CNY. */
  currency?: string | null | undefined;
  /** When it happened (ISO 8601); default now. */
  occurredAt?: string | null | undefined;
  /** Engagement type (lower snake_case), or `purchase` for a transaction. */
  type: string;
  /** The brand's user id. */
  userId: string;
};

export type UpdateApiKeyInput = {
  description?: string | null | undefined;
  /** null = never expires. */
  expiresAt?: string | null | undefined;
  id: string;
  name?: string | null | undefined;
  /** null = the gateway default. */
  rateLimitPerMinute?: number | null | undefined;
  scopes?: Array<string> | null | undefined;
};

export type UpdateBadgeBenefitInput = {
  clawbackOnRevoke?: boolean | null | undefined;
  id: string;
  isEnabled?: boolean | null | undefined;
  quantity?: number | null | undefined;
};

export type UpdateBadgeCategoryInput = {
  description?: LocalizedTextInput | null | undefined;
  displayOrder?: number | null | undefined;
  iconUrl?: string | null | undefined;
  id: string;
  isEnabled?: boolean | null | undefined;
  name?: LocalizedTextInput | null | undefined;
};

/** Omitted fields stay as they are; null clears a nullable field (totalStock: null = unlimited). */
export type UpdateBadgeInput = {
  categoryId?: string | null | undefined;
  code?: string | null | undefined;
  description?: LocalizedTextInput | null | undefined;
  displayOrder?: number | null | undefined;
  expectedVersion: number;
  id: string;
  imageUrl?: string | null | undefined;
  isAutoCascade?: boolean | null | undefined;
  isHiddenUntilEarned?: boolean | null | undefined;
  isRepeatable?: boolean | null | undefined;
  metadata?: string | null | undefined;
  name?: LocalizedTextInput | null | undefined;
  perUserCap?: number | null | undefined;
  seriesId?: string | null | undefined;
  /** Units already granted stay granted: the new total cannot be below them. */
  totalStock?: number | null | undefined;
  /** Applies to new grants; existing grants keep their expiry. */
  validity?: BadgeValidityInput | null | undefined;
};

export type UpdateBadgeSeriesInput = {
  coverUrl?: string | null | undefined;
  description?: LocalizedTextInput | null | undefined;
  displayOrder?: number | null | undefined;
  endsAt?: string | null | undefined;
  id: string;
  isEnabled?: boolean | null | undefined;
  name?: LocalizedTextInput | null | undefined;
  startsAt?: string | null | undefined;
};

/** Absent fields stay as they are; null clears (totalStock null = unlimited). */
export type UpdateBenefitInput = {
  code?: string | null | undefined;
  config?: BenefitConfigInput | null | undefined;
  description?: LocalizedTextInput | null | undefined;
  expectedVersion?: number | null | undefined;
  id: string;
  imageUrl?: string | null | undefined;
  name?: LocalizedTextInput | null | undefined;
  perUserLimit?: number | null | undefined;
  /** A new total moves remainingStock by the same difference. */
  totalStock?: number | null | undefined;
  validity?: BenefitValidityInput | null | undefined;
};

/** Absent fields stay; items and benefitQuantity change only while DRAFT. */
export type UpdateRedemptionRuleInput = {
  activeFrom?: string | null | undefined;
  activeUntil?: string | null | undefined;
  benefitQuantity?: number | null | undefined;
  description?: LocalizedTextInput | null | undefined;
  id: string;
  items?: Array<RedemptionBadgeInput> | null | undefined;
  name?: LocalizedTextInput | null | undefined;
  perUserLimit?: number | null | undefined;
};

export type UpdateRoleInput = {
  description?: string | null | undefined;
  id: string;
  name?: string | null | undefined;
  /** Replaces the permission set when given. */
  permissions?: Array<string> | null | undefined;
};

/** Fields left out stay as they are; `null` clears an optional field. */
export type UpdateRuleInput = {
  activeFrom?: string | null | undefined;
  activeUntil?: string | null | undefined;
  badgeId?: string | null | undefined;
  celCondition?: string | null | undefined;
  description?: string | null | undefined;
  eventTypes?: Array<string> | null | undefined;
  grantQuantity?: number | null | undefined;
  id: string;
  lockVersion: number;
  name?: string | null | undefined;
  params?: Array<RuleParamInput> | null | undefined;
  perUserGrantLimit?: number | null | undefined;
  priority?: number | null | undefined;
  revokeOnRefund?: boolean | null | undefined;
  /** Only while the rule was never published. */
  templateCode?: string | null | undefined;
  timezone?: string | null | undefined;
};

export type UploadCouponCodesInput = {
  benefitId: string;
  /**
   * One code per line, or CSV whose first column is the code (a first line `code,…` is a header).
   * Codes have 4–64 letters, digits, "-" or "_".
   */
  codes: string;
  /** Codes expire at this instant (not given out afterwards). */
  expiresAt?: string | null | undefined;
  /** Label of this upload (default: upload-<uuid>). */
  importBatch?: string | null | undefined;
};

export type UserBadgeAction =
  | 'CONSUME'
  | 'EXPIRE'
  | 'GRANT'
  | 'PIN'
  | 'REORDER'
  | 'RESTORE'
  | 'REVOKE'
  | 'UNPIN';

/** Where a grant came from (sourceRef points at the origin). */
export type UserBadgeSource =
  /** A CSV batch task (sourceRef = <task id>:<row number>). */
  | 'BATCH'
  /** Prerequisites met (sourceRef = the user badge that triggered the cascade). */
  | 'CASCADE'
  /** A console admin (sourceRef = the operation id in the audit log). */
  | 'MANUAL'
  /** Spent in a benefit redemption (sourceRef = redemption id). */
  | 'REDEMPTION'
  /** A rule matched (sourceRef = the triggering event id). */
  | 'RULE';

export type UserBadgeStatus =
  | 'ACTIVE'
  | 'CONSUMED'
  | 'EXPIRED'
  | 'REVOKED';

/** Exact matches except nickname (a case-insensitive fragment). */
export type UserSearchInput = {
  email?: string | null | undefined;
  externalId?: string | null | undefined;
  nickname?: string | null | undefined;
  /** Any common format; compared in E.164 through the blind index. */
  phone?: string | null | undefined;
  status?: UserStatus | null | undefined;
};

export type UserStatus =
  | 'ACTIVE'
  | 'BLOCKED'
  | 'DELETED';

export type ConsoleApiKeysQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  filter?: ApiKeyFilterInput | null | undefined;
}>;


export type ConsoleApiKeysQuery = { apiKeys: { totalCount: number, nodes: Array<{ id: string, name: string, description: string | null, prefix: string, scopes: Array<string>, status: ApiKeyStatus, isEnabled: boolean, rateLimitPerMinute: number | null, expiresAt: string | null, lastUsedAt: string | null, createdAt: string }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } };

export type ConsoleCreateApiKeyMutationVariables = Exact<{
  input: CreateApiKeyInput;
}>;


export type ConsoleCreateApiKeyMutation = { createApiKey: { key: string, apiKey: { id: string, prefix: string } } };

export type ConsoleUpdateApiKeyMutationVariables = Exact<{
  input: UpdateApiKeyInput;
}>;


export type ConsoleUpdateApiKeyMutation = { updateApiKey: { apiKey: { id: string } } };

export type ConsoleSetApiKeyEnabledMutationVariables = Exact<{
  id: string;
  isEnabled: boolean;
}>;


export type ConsoleSetApiKeyEnabledMutation = { setApiKeyEnabled: { apiKey: { id: string, isEnabled: boolean } } };

export type ConsoleRegenerateApiKeyMutationVariables = Exact<{
  id: string;
}>;


export type ConsoleRegenerateApiKeyMutation = { regenerateApiKey: { key: string, apiKey: { id: string, prefix: string } } };

export type ConsoleDeleteApiKeyMutationVariables = Exact<{
  id: string;
}>;


export type ConsoleDeleteApiKeyMutation = { deleteApiKey: { apiKey: { id: string } } };

export type ConsoleOperationLogsQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  filter?: OperationLogFilterInput | null | undefined;
}>;


export type ConsoleOperationLogsQuery = { operationLogs: { totalCount: number, nodes: Array<{ id: string, seq: string, module: string, action: string, actorType: OperationActorType, actorId: string | null, actorName: string | null, targetType: string | null, targetId: string | null, before: string | null, after: string | null, ip: string | null, requestId: string | null, traceId: string | null, createdAt: string }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } };

export type ConsoleVerifyOperationLogQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleVerifyOperationLogQuery = { verifyOperationLog: { ok: boolean, checked: number, fromSeq: string, lastSeq: string | null, headSeq: string | null, headHash: string | null, firstBrokenSeq: string | null, reason: string | null } };

export type ConsoleOperationLogCsvQueryVariables = Exact<{
  filter?: OperationLogFilterInput | null | undefined;
  limit?: number | null | undefined;
}>;


export type ConsoleOperationLogCsvQuery = { operationLogCsv: string };

export type ConsoleAdminsQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  filter?: AdminUserFilterInput | null | undefined;
}>;


export type ConsoleAdminsQuery = { adminUsers: { totalCount: number, nodes: Array<{ id: string, subject: string, name: string | null, email: string | null, status: AdminStatus, lastLoginAt: string | null, createdAt: string, roles: Array<{ id: string, code: string, name: string }> }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } };

export type ConsoleRolesQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleRolesQuery = { roles: Array<{ id: string, code: string, name: string, description: string | null, isSystem: boolean, adminCount: number, permissions: Array<string> }>, permissions: Array<{ code: string, module: string, resource: string, action: string, description: string | null }> };

export type ConsoleAssignAdminRolesMutationVariables = Exact<{
  input: AssignAdminRolesInput;
}>;


export type ConsoleAssignAdminRolesMutation = { assignAdminRoles: { adminUser: { id: string } } };

export type ConsoleSetAdminStatusMutationVariables = Exact<{
  input: SetAdminUserStatusInput;
}>;


export type ConsoleSetAdminStatusMutation = { setAdminUserStatus: { adminUser: { id: string, status: AdminStatus } } };

export type ConsoleProvisionAdminMutationVariables = Exact<{
  input: ProvisionAdminUserInput;
}>;


export type ConsoleProvisionAdminMutation = { provisionAdminUser: { adminUser: { id: string } } };

export type ConsoleCreateRoleMutationVariables = Exact<{
  input: CreateRoleInput;
}>;


export type ConsoleCreateRoleMutation = { createRole: { role: { id: string } } };

export type ConsoleUpdateRoleMutationVariables = Exact<{
  input: UpdateRoleInput;
}>;


export type ConsoleUpdateRoleMutation = { updateRole: { role: { id: string } } };

export type ConsoleDeleteRoleMutationVariables = Exact<{
  id: string;
}>;


export type ConsoleDeleteRoleMutation = { deleteRole: { role: { id: string } } };

export type ConsoleBadgeFieldsFragment = { id: string, code: string, imageUrl: string | null, status: BadgeStatus, version: number, displayOrder: number, totalStock: number | null, remainingStock: number | null, isSoldOut: boolean, perUserCap: number | null, isRepeatable: boolean, isHiddenUntilEarned: boolean, isAutoCascade: boolean, publishedAt: string | null, updatedAt: string, name: { zhCN: string | null, enUS: string | null }, description: { zhCN: string | null, enUS: string | null } | null, category: { id: string, code: string, name: { zhCN: string | null, enUS: string | null } }, series: { id: string, name: { zhCN: string | null, enUS: string | null } } | null, validity: { kind: BadgeValidityKind, validDays: number | null, validFrom: string | null, validUntil: string | null } };

export type ConsoleBadgesQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  filter?: BadgeFilterInput | null | undefined;
  sort?: BadgeSort | null | undefined;
}>;


export type ConsoleBadgesQuery = { badges: { totalCount: number, nodes: Array<{ id: string, code: string, imageUrl: string | null, status: BadgeStatus, version: number, displayOrder: number, totalStock: number | null, remainingStock: number | null, isSoldOut: boolean, perUserCap: number | null, isRepeatable: boolean, isHiddenUntilEarned: boolean, isAutoCascade: boolean, publishedAt: string | null, updatedAt: string, name: { zhCN: string | null, enUS: string | null }, description: { zhCN: string | null, enUS: string | null } | null, category: { id: string, code: string, name: { zhCN: string | null, enUS: string | null } }, series: { id: string, name: { zhCN: string | null, enUS: string | null } } | null, validity: { kind: BadgeValidityKind, validDays: number | null, validFrom: string | null, validUntil: string | null } }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } };

export type ConsoleBadgeFormOptionsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleBadgeFormOptionsQuery = { badgeCategories: Array<{ id: string, name: { zhCN: string | null, enUS: string | null } }>, badgeSeriesList: { nodes: Array<{ id: string, name: { zhCN: string | null, enUS: string | null }, category: { id: string } }> } };

export type ConsoleBadgeQueryVariables = Exact<{
  id: string;
}>;


export type ConsoleBadgeQuery = { badge: { createdBy: string | null, updatedBy: string | null, id: string, code: string, imageUrl: string | null, status: BadgeStatus, version: number, displayOrder: number, totalStock: number | null, remainingStock: number | null, isSoldOut: boolean, perUserCap: number | null, isRepeatable: boolean, isHiddenUntilEarned: boolean, isAutoCascade: boolean, publishedAt: string | null, updatedAt: string, dependencyGroups: Array<{ id: string, name: string | null, operator: DependencyOperator, items: Array<{ id: string, requiredQuantity: number, consumesPrerequisite: boolean, revokeBehavior: DependencyRevokeBehavior, requiredBadge: { id: string, code: string, name: { zhCN: string | null, enUS: string | null } } }> }>, dependents: Array<{ id: string, code: string, name: { zhCN: string | null, enUS: string | null } }>, benefits: Array<{ id: string, code: string, name: { zhCN: string | null, enUS: string | null } }>, name: { zhCN: string | null, enUS: string | null }, description: { zhCN: string | null, enUS: string | null } | null, category: { id: string, code: string, name: { zhCN: string | null, enUS: string | null } }, series: { id: string, name: { zhCN: string | null, enUS: string | null } } | null, validity: { kind: BadgeValidityKind, validDays: number | null, validFrom: string | null, validUntil: string | null } } | null, allBadges: { nodes: Array<{ id: string, code: string, name: { zhCN: string | null, enUS: string | null } }> } };

export type ConsoleBadgeHoldersQueryVariables = Exact<{
  id: string;
}>;


export type ConsoleBadgeHoldersQuery = { badgeHolders: { totalCount: number, nodes: Array<{ id: string, userId: string, grantedAt: string, quantity: number, source: UserBadgeSource }> } };

export type ConsoleBadgeRulesQueryVariables = Exact<{
  id: string;
}>;


export type ConsoleBadgeRulesQuery = { rules: { nodes: Array<{ id: string, name: string, status: RuleStatus, templateCode: string }> } };

export type ConsoleCreateBadgeMutationVariables = Exact<{
  input: CreateBadgeInput;
}>;


export type ConsoleCreateBadgeMutation = { createBadge: { badge: { id: string } } };

export type ConsoleUpdateBadgeMutationVariables = Exact<{
  input: UpdateBadgeInput;
}>;


export type ConsoleUpdateBadgeMutation = { updateBadge: { badge: { id: string } } };

export type ConsolePublishBadgeMutationVariables = Exact<{
  id: string;
  expectedVersion?: number | null | undefined;
}>;


export type ConsolePublishBadgeMutation = { publishBadge: { badge: { id: string, status: BadgeStatus } } };

export type ConsoleOfflineBadgeMutationVariables = Exact<{
  id: string;
  expectedVersion?: number | null | undefined;
}>;


export type ConsoleOfflineBadgeMutation = { offlineBadge: { badge: { id: string, status: BadgeStatus } } };

export type ConsoleArchiveBadgeMutationVariables = Exact<{
  id: string;
  expectedVersion?: number | null | undefined;
}>;


export type ConsoleArchiveBadgeMutation = { archiveBadge: { badge: { id: string, status: BadgeStatus } } };

export type ConsoleDeleteBadgeMutationVariables = Exact<{
  id: string;
}>;


export type ConsoleDeleteBadgeMutation = { deleteBadge: { id: string } };

export type ConsoleSetBadgeDependenciesMutationVariables = Exact<{
  input: SetBadgeDependenciesInput;
}>;


export type ConsoleSetBadgeDependenciesMutation = { setBadgeDependencies: { badge: { id: string } } };

export type ConsoleBenefitFieldsFragment = { id: string, code: string, type: BenefitType, status: BenefitStatus, version: number, imageUrl: string | null, totalStock: number | null, remainingStock: number | null, perUserLimit: number | null, isAvailable: boolean, createdAt: string, updatedAt: string, name: { zhCN: string | null, enUS: string | null }, description: { zhCN: string | null, enUS: string | null } | null, validity: { kind: BenefitValidityKind, validDays: number | null, validFrom: string | null, validUntil: string | null }, config: { points: number | null, faceValue: string | null, currency: string | null, sku: string | null, privilegeCode: string | null, extraJson: string | null } };

export type ConsoleCouponPoolFieldsFragment = { available: number, issued: number, reserved: number, revoked: number, total: number };

export type ConsoleBenefitsQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  filter?: BenefitFilterInput | null | undefined;
}>;


export type ConsoleBenefitsQuery = { benefitCatalog: { totalCount: number, nodes: Array<{ id: string, code: string, type: BenefitType, status: BenefitStatus, version: number, imageUrl: string | null, totalStock: number | null, remainingStock: number | null, perUserLimit: number | null, isAvailable: boolean, createdAt: string, updatedAt: string, name: { zhCN: string | null, enUS: string | null }, description: { zhCN: string | null, enUS: string | null } | null, validity: { kind: BenefitValidityKind, validDays: number | null, validFrom: string | null, validUntil: string | null }, config: { points: number | null, faceValue: string | null, currency: string | null, sku: string | null, privilegeCode: string | null, extraJson: string | null } }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } };

export type ConsoleBenefitQueryVariables = Exact<{
  id: string;
}>;


export type ConsoleBenefitQuery = { benefit: { id: string, code: string, type: BenefitType, status: BenefitStatus, version: number, imageUrl: string | null, totalStock: number | null, remainingStock: number | null, perUserLimit: number | null, isAvailable: boolean, createdAt: string, updatedAt: string, couponPool: { available: number, issued: number, reserved: number, revoked: number, total: number } | null, name: { zhCN: string | null, enUS: string | null }, description: { zhCN: string | null, enUS: string | null } | null, validity: { kind: BenefitValidityKind, validDays: number | null, validFrom: string | null, validUntil: string | null }, config: { points: number | null, faceValue: string | null, currency: string | null, sku: string | null, privilegeCode: string | null, extraJson: string | null } } | null };

export type ConsoleBenefitBadgeLinksQueryVariables = Exact<{
  benefitId: string;
}>;


export type ConsoleBenefitBadgeLinksQuery = { badgeBenefits: Array<{ id: string, quantity: number, isEnabled: boolean, clawbackOnRevoke: boolean, createdAt: string, updatedAt: string, badge: { id: string } }> };

export type ConsoleBenefitBadgeChoicesQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleBenefitBadgeChoicesQuery = { badges: { nodes: Array<{ id: string, code: string, status: BadgeStatus, name: { zhCN: string | null, enUS: string | null } }> } };

export type ConsoleBenefitRecentGrantsQueryVariables = Exact<{
  benefitId: string;
}>;


export type ConsoleBenefitRecentGrantsQuery = { benefitGrants: { totalCount: number, nodes: Array<{ id: string, userId: string, status: BenefitGrantStatus, source: BenefitGrantSource, quantity: number, points: number | null, grantedAt: string | null, createdAt: string, expiresAt: string | null, failureCode: BenefitGrantFailureCode | null, failureReason: string | null, sourceBadge: { id: string } | null }> } };

export type ConsoleCreateBenefitMutationVariables = Exact<{
  input: CreateBenefitInput;
}>;


export type ConsoleCreateBenefitMutation = { createBenefit: { benefit: { id: string } } };

export type ConsoleUpdateBenefitMutationVariables = Exact<{
  input: UpdateBenefitInput;
}>;


export type ConsoleUpdateBenefitMutation = { updateBenefit: { benefit: { id: string } } };

export type ConsolePublishBenefitMutationVariables = Exact<{
  id: string;
  expectedVersion?: number | null | undefined;
}>;


export type ConsolePublishBenefitMutation = { publishBenefit: { benefit: { id: string, status: BenefitStatus } } };

export type ConsoleOfflineBenefitMutationVariables = Exact<{
  id: string;
  expectedVersion?: number | null | undefined;
}>;


export type ConsoleOfflineBenefitMutation = { offlineBenefit: { benefit: { id: string, status: BenefitStatus } } };

export type ConsoleArchiveBenefitMutationVariables = Exact<{
  id: string;
  expectedVersion?: number | null | undefined;
}>;


export type ConsoleArchiveBenefitMutation = { archiveBenefit: { benefit: { id: string, status: BenefitStatus } } };

export type ConsoleLinkBadgeBenefitMutationVariables = Exact<{
  input: LinkBadgeBenefitInput;
}>;


export type ConsoleLinkBadgeBenefitMutation = { linkBadgeBenefit: { badgeBenefit: { id: string } } };

export type ConsoleUpdateBadgeBenefitMutationVariables = Exact<{
  input: UpdateBadgeBenefitInput;
}>;


export type ConsoleUpdateBadgeBenefitMutation = { updateBadgeBenefit: { badgeBenefit: { id: string } } };

export type ConsoleUnlinkBadgeBenefitMutationVariables = Exact<{
  id: string;
}>;


export type ConsoleUnlinkBadgeBenefitMutation = { unlinkBadgeBenefit: { id: string } };

export type ConsoleCouponPoolsQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  filter?: BenefitFilterInput | null | undefined;
}>;


export type ConsoleCouponPoolsQuery = { benefitCatalog: { totalCount: number, nodes: Array<{ id: string, code: string, status: BenefitStatus, isAvailable: boolean, updatedAt: string, name: { zhCN: string | null, enUS: string | null }, config: { faceValue: string | null, currency: string | null }, couponPool: { available: number, issued: number, reserved: number, revoked: number, total: number } | null }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } };

export type ConsoleCouponCodesQueryVariables = Exact<{
  benefitId: string;
  first: number;
  after?: string | null | undefined;
  status?: CouponCodeStatus | null | undefined;
}>;


export type ConsoleCouponCodesQuery = { couponCodes: { totalCount: number, nodes: Array<{ id: string, maskedCode: string, status: CouponCodeStatus, importBatch: string | null, createdAt: string, issuedAt: string | null, expiresAt: string | null, revokedAt: string | null }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } };

export type ConsoleGenerateCouponCodesMutationVariables = Exact<{
  input: GenerateCouponCodesInput;
}>;


export type ConsoleGenerateCouponCodesMutation = { generateCouponCodes: { generated: number, importBatch: string, pool: { available: number, issued: number, reserved: number, revoked: number, total: number } } };

export type ConsoleUploadCouponCodesMutationVariables = Exact<{
  input: UploadCouponCodesInput;
}>;


export type ConsoleUploadCouponCodesMutation = { uploadCouponCodes: { inserted: number, alreadyInPool: number, duplicatesInInput: number, rejectedCount: number, importBatch: string, rejected: Array<{ line: number, reason: string }>, pool: { available: number, issued: number, reserved: number, revoked: number, total: number } } };

export type ConsoleRedemptionRuleFieldsFragment = { id: string, code: string, status: RedemptionRuleStatus, isActiveNow: boolean, benefitQuantity: number, perUserLimit: number | null, activeFrom: string | null, activeUntil: string | null, createdAt: string, updatedAt: string, name: { zhCN: string | null, enUS: string | null }, description: { zhCN: string | null, enUS: string | null } | null, benefit: { id: string, code: string, type: BenefitType, status: BenefitStatus, name: { zhCN: string | null, enUS: string | null } }, items: Array<{ quantity: number, badge: { id: string } }> };

export type ConsoleRedemptionRulesQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  filter?: RedemptionRuleFilterInput | null | undefined;
}>;


export type ConsoleRedemptionRulesQuery = { redemptionRules: { totalCount: number, nodes: Array<{ id: string, code: string, status: RedemptionRuleStatus, isActiveNow: boolean, benefitQuantity: number, perUserLimit: number | null, activeFrom: string | null, activeUntil: string | null, createdAt: string, updatedAt: string, name: { zhCN: string | null, enUS: string | null }, description: { zhCN: string | null, enUS: string | null } | null, benefit: { id: string, code: string, type: BenefitType, status: BenefitStatus, name: { zhCN: string | null, enUS: string | null } }, items: Array<{ quantity: number, badge: { id: string } }> }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } };

export type ConsoleRedemptionRuleBenefitsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleRedemptionRuleBenefitsQuery = { benefitCatalog: { nodes: Array<{ id: string, code: string, type: BenefitType, status: BenefitStatus, name: { zhCN: string | null, enUS: string | null } }> } };

export type ConsoleRedemptionsQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  filter?: RedemptionFilterInput | null | undefined;
}>;


export type ConsoleRedemptionsQuery = { redemptions: { totalCount: number, nodes: Array<{ id: string, userId: string, status: RedemptionStatus, failureReason: string | null, requestedBy: string | null, createdAt: string, completedAt: string | null, failedAt: string | null, compensatedAt: string | null, rule: { id: string, code: string, name: { zhCN: string | null, enUS: string | null } }, benefit: { id: string, code: string, name: { zhCN: string | null, enUS: string | null } }, items: Array<{ quantity: number, badge: { id: string } }>, grant: { id: string, status: BenefitGrantStatus } | null }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } };

export type ConsoleCreateRedemptionRuleMutationVariables = Exact<{
  input: CreateRedemptionRuleInput;
}>;


export type ConsoleCreateRedemptionRuleMutation = { createRedemptionRule: { rule: { id: string } } };

export type ConsoleUpdateRedemptionRuleMutationVariables = Exact<{
  input: UpdateRedemptionRuleInput;
}>;


export type ConsoleUpdateRedemptionRuleMutation = { updateRedemptionRule: { rule: { id: string } } };

export type ConsoleActivateRedemptionRuleMutationVariables = Exact<{
  id: string;
}>;


export type ConsoleActivateRedemptionRuleMutation = { activateRedemptionRule: { rule: { id: string, status: RedemptionRuleStatus } } };

export type ConsoleDisableRedemptionRuleMutationVariables = Exact<{
  id: string;
}>;


export type ConsoleDisableRedemptionRuleMutation = { disableRedemptionRule: { rule: { id: string, status: RedemptionRuleStatus } } };

export type ConsoleCategoriesQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleCategoriesQuery = { badgeCategories: Array<{ id: string, code: string, iconUrl: string | null, displayOrder: number, isEnabled: boolean, updatedAt: string, name: { zhCN: string | null, enUS: string | null }, description: { zhCN: string | null, enUS: string | null } | null }>, badgeSeriesList: { totalCount: number, nodes: Array<{ id: string, code: string, coverUrl: string | null, displayOrder: number, isEnabled: boolean, startsAt: string | null, endsAt: string | null, name: { zhCN: string | null, enUS: string | null }, description: { zhCN: string | null, enUS: string | null } | null, category: { id: string } }> } };

export type ConsoleCreateCategoryMutationVariables = Exact<{
  input: CreateBadgeCategoryInput;
}>;


export type ConsoleCreateCategoryMutation = { createBadgeCategory: { category: { id: string } } };

export type ConsoleUpdateCategoryMutationVariables = Exact<{
  input: UpdateBadgeCategoryInput;
}>;


export type ConsoleUpdateCategoryMutation = { updateBadgeCategory: { category: { id: string } } };

export type ConsoleDeleteCategoryMutationVariables = Exact<{
  id: string;
}>;


export type ConsoleDeleteCategoryMutation = { deleteBadgeCategory: { id: string } };

export type ConsoleCreateSeriesMutationVariables = Exact<{
  input: CreateBadgeSeriesInput;
}>;


export type ConsoleCreateSeriesMutation = { createBadgeSeries: { series: { id: string } } };

export type ConsoleUpdateSeriesMutationVariables = Exact<{
  input: UpdateBadgeSeriesInput;
}>;


export type ConsoleUpdateSeriesMutation = { updateBadgeSeries: { series: { id: string } } };

export type ConsoleDeleteSeriesMutationVariables = Exact<{
  id: string;
}>;


export type ConsoleDeleteSeriesMutation = { deleteBadgeSeries: { id: string } };

export type ConsoleDashboardCountsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleDashboardCountsQuery = { publishedBadges: { totalCount: number }, publishedRules: { totalCount: number }, users: { totalCount: number } };

export type ConsoleDashboardStatsQueryVariables = Exact<{
  days: number;
}>;


export type ConsoleDashboardStatsQuery = { badgeStats: { grantsInWindow: number, activeGrants: number, activeUsers: number, grantsByDay: Array<{ day: string, count: number }>, topBadges: Array<{ holders: number, badge: { id: string, code: string, name: { zhCN: string | null, enUS: string | null } } }> }, benefitStats: { grantsInWindow: number, redemptionsInWindow: number, grantsByDay: Array<{ day: string, count: number }>, redemptionsByDay: Array<{ day: string, count: number }> } };

export type ConsolePipelineStatusQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsolePipelineStatusQuery = { pipelineStatus: { kafkaReachable: boolean, deadLetters: number, checkedAt: string, consumerLag: Array<{ groupId: string, topic: string, lag: number }> } };

export type ConsoleReplayDeadLettersMutationVariables = Exact<{
  limit?: number | null | undefined;
}>;


export type ConsoleReplayDeadLettersMutation = { replayDeadLetters: { replayed: number, failed: number } };

export type ConsoleBatchTaskFieldsFragment = { id: string, type: BatchTaskType, status: BatchTaskStatus, fileName: string | null, quantity: number, reason: string | null, totalRows: number, processedRows: number, successRows: number, failedRows: number, progress: number, lastError: string | null, createdAt: string, createdBy: string, finishedAt: string | null, badge: { id: string, code: string, name: { zhCN: string | null, enUS: string | null } } };

export type ConsoleBatchTasksQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  filter?: BatchTaskFilterInput | null | undefined;
}>;


export type ConsoleBatchTasksQuery = { batchTasks: { totalCount: number, nodes: Array<{ id: string, type: BatchTaskType, status: BatchTaskStatus, fileName: string | null, quantity: number, reason: string | null, totalRows: number, processedRows: number, successRows: number, failedRows: number, progress: number, lastError: string | null, createdAt: string, createdBy: string, finishedAt: string | null, badge: { id: string, code: string, name: { zhCN: string | null, enUS: string | null } } }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } };

export type ConsoleBatchTaskQueryVariables = Exact<{
  id: string;
}>;


export type ConsoleBatchTaskQuery = { batchTask: { id: string, type: BatchTaskType, status: BatchTaskStatus, fileName: string | null, quantity: number, reason: string | null, totalRows: number, processedRows: number, successRows: number, failedRows: number, progress: number, lastError: string | null, createdAt: string, createdBy: string, finishedAt: string | null, badge: { id: string, code: string, name: { zhCN: string | null, enUS: string | null } } } | null };

export type ConsoleBatchTaskFailureReportQueryVariables = Exact<{
  id: string;
}>;


export type ConsoleBatchTaskFailureReportQuery = { batchTask: { id: string, failureReportCsv: string } | null };

export type ConsoleCreateBatchTaskMutationVariables = Exact<{
  input: CreateBatchTaskInput;
}>;


export type ConsoleCreateBatchTaskMutation = { createBatchTask: { task: { id: string } } };

export type ConsoleCancelBatchTaskMutationVariables = Exact<{
  id: string;
}>;


export type ConsoleCancelBatchTaskMutation = { cancelBatchTask: { task: { id: string, status: BatchTaskStatus } } };

export type ConsoleRetryBatchTaskMutationVariables = Exact<{
  id: string;
}>;


export type ConsoleRetryBatchTaskMutation = { retryBatchTask: { task: { id: string, status: BatchTaskStatus } } };

export type ConsoleMeQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleMeQuery = { me: { id: string, subject: string, name: string | null, email: string | null, status: AdminStatus, roles: Array<string>, permissions: Array<string> } | null };

export type ConsoleRuleFieldsFragment = { id: string, name: string, description: string | null, status: RuleStatus, templateCode: string, eventTypes: Array<string>, celCondition: string | null, activeFrom: string | null, activeUntil: string | null, perUserGrantLimit: number | null, grantQuantity: number, priority: number, revokeOnRefund: boolean, timezone: string | null, currentVersion: number | null, lockVersion: number, hasUnpublishedChanges: boolean, publishedAt: string | null, updatedAt: string, updatedBy: string | null, params: Array<{ name: string, value: string }>, badge: { id: string, code: string, name: { zhCN: string | null, enUS: string | null } } };

export type ConsoleRulesQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  filter?: RuleFilterInput | null | undefined;
}>;


export type ConsoleRulesQuery = { rules: { totalCount: number, nodes: Array<{ id: string, name: string, description: string | null, status: RuleStatus, templateCode: string, eventTypes: Array<string>, celCondition: string | null, activeFrom: string | null, activeUntil: string | null, perUserGrantLimit: number | null, grantQuantity: number, priority: number, revokeOnRefund: boolean, timezone: string | null, currentVersion: number | null, lockVersion: number, hasUnpublishedChanges: boolean, publishedAt: string | null, updatedAt: string, updatedBy: string | null, params: Array<{ name: string, value: string }>, badge: { id: string, code: string, name: { zhCN: string | null, enUS: string | null } } }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } };

export type ConsoleRuleFormOptionsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleRuleFormOptionsQuery = { ruleTemplates: Array<{ code: string, defaultEventTypes: Array<string>, name: { zhCN: string | null, enUS: string | null }, description: { zhCN: string | null, enUS: string | null } | null, parameters: Array<{ name: string, type: RuleParameterType, required: boolean, defaultValue: string | null, min: number | null, max: number | null, values: Array<string> | null, label: { zhCN: string | null, enUS: string | null }, description: { zhCN: string | null, enUS: string | null } | null }> }>, badges: { nodes: Array<{ id: string, code: string, status: BadgeStatus, name: { zhCN: string | null, enUS: string | null } }> } };

export type ConsoleRuleQueryVariables = Exact<{
  id: string;
}>;


export type ConsoleRuleQuery = { rule: { id: string, name: string, description: string | null, status: RuleStatus, templateCode: string, eventTypes: Array<string>, celCondition: string | null, activeFrom: string | null, activeUntil: string | null, perUserGrantLimit: number | null, grantQuantity: number, priority: number, revokeOnRefund: boolean, timezone: string | null, currentVersion: number | null, lockVersion: number, hasUnpublishedChanges: boolean, publishedAt: string | null, updatedAt: string, updatedBy: string | null, versions: Array<{ id: string, version: number, changeNote: string | null, publishedAt: string, publishedBy: string, templateCode: string, eventTypes: Array<string>, celCondition: string | null, params: Array<{ name: string, value: string }> }>, params: Array<{ name: string, value: string }>, badge: { id: string, code: string, name: { zhCN: string | null, enUS: string | null } } } | null };

export type ConsoleCreateRuleMutationVariables = Exact<{
  input: CreateRuleInput;
}>;


export type ConsoleCreateRuleMutation = { createRule: { rule: { id: string } } };

export type ConsoleUpdateRuleMutationVariables = Exact<{
  input: UpdateRuleInput;
}>;


export type ConsoleUpdateRuleMutation = { updateRule: { rule: { id: string } } };

export type ConsolePublishRuleMutationVariables = Exact<{
  input: PublishRuleInput;
}>;


export type ConsolePublishRuleMutation = { publishRule: { rule: { id: string, status: RuleStatus, currentVersion: number | null } } };

export type ConsoleDisableRuleMutationVariables = Exact<{
  input: DisableRuleInput;
}>;


export type ConsoleDisableRuleMutation = { disableRule: { rule: { id: string, status: RuleStatus } } };

export type ConsoleDeleteRuleMutationVariables = Exact<{
  input: DeleteRuleInput;
}>;


export type ConsoleDeleteRuleMutation = { deleteRule: { id: string } };

export type ConsoleDryRunRuleQueryVariables = Exact<{
  input: DryRunRuleInput;
}>;


export type ConsoleDryRunRuleQuery = { dryRunRule: { wouldGrant: boolean, wouldRevoke: boolean, result: string, reason: string, version: number, grantNumber: number | null, checks: Array<{ name: string, passed: boolean, detail: string }>, progress: { current: number, target: number, ratio: number } } };

export type ConsoleSendTestEventMutationVariables = Exact<{
  input: TestEventInput;
}>;


export type ConsoleSendTestEventMutation = { sendTestEvent: { eventId: string, topic: string } };

export type ConsoleUsersQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  filter?: UserSearchInput | null | undefined;
}>;


export type ConsoleUsersQuery = { users: { totalCount: number, nodes: Array<{ id: string, nickname: string | null, maskedEmail: string | null, maskedPhone: string | null, status: UserStatus, locale: string, timezone: string, createdAt: string }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } };

export type ConsoleUserQueryVariables = Exact<{
  id: string;
}>;


export type ConsoleUserQuery = { user: { id: string, nickname: string | null, avatarUrl: string | null, maskedEmail: string | null, maskedPhone: string | null, status: UserStatus, locale: string, timezone: string, createdAt: string, unreadNotificationCount: number, notifications: { nodes: Array<{ id: string, type: string, isRead: boolean, createdAt: string, title: { zhCN: string | null, enUS: string | null } }> } } | null };

export type ConsoleGrantableBadgesQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleGrantableBadgesQuery = { badges: { nodes: Array<{ id: string, code: string, name: { zhCN: string | null, enUS: string | null } }> } };

export type ConsoleUserBadgesQueryVariables = Exact<{
  id: string;
}>;


export type ConsoleUserBadgesQuery = { badgeUser: { id: string, badgeWall: { earnedCount: number, pinnedCount: number, items: Array<{ isEarned: boolean, isPinned: boolean, quantity: number, firstGrantedAt: string | null, nextExpiresAt: string | null, badge: { id: string, code: string, imageUrl: string | null, name: { zhCN: string | null, enUS: string | null } } }> }, badges: { nodes: Array<{ id: string, status: UserBadgeStatus, quantity: number, source: UserBadgeSource, grantedAt: string, expiresAt: string | null, revokedAt: string | null, badge: { id: string, code: string, name: { zhCN: string | null, enUS: string | null } } }> }, badgeHistory: { nodes: Array<{ id: string, action: UserBadgeAction, delta: number, quantityAfter: number | null, reason: string | null, source: UserBadgeSource | null, actorType: BadgeActorType, actorId: string | null, createdAt: string, badge: { id: string, code: string, name: { zhCN: string | null, enUS: string | null } } }> } } };

export type ConsoleUserBenefitsQueryVariables = Exact<{
  id: string;
}>;


export type ConsoleUserBenefitsQuery = { benefitUser: { id: string, benefitGrants: { nodes: Array<{ id: string, status: BenefitGrantStatus, source: BenefitGrantSource, quantity: number, couponCode: string | null, grantedAt: string | null, createdAt: string, benefit: { id: string, code: string, name: { zhCN: string | null, enUS: string | null } }, sourceBadge: { id: string, code: string } | null }> }, redemptions: { nodes: Array<{ id: string, status: RedemptionStatus, createdAt: string }> } } };

export type ConsoleGrantBadgeMutationVariables = Exact<{
  input: GrantBadgeInput;
}>;


export type ConsoleGrantBadgeMutation = { grantBadge: { userBadge: { id: string } } };

export type ConsoleRevokeBadgeMutationVariables = Exact<{
  input: RevokeBadgeInput;
}>;


export type ConsoleRevokeBadgeMutation = { revokeBadge: { revokedQuantity: number, remainingQuantity: number } };

export const ConsoleBadgeFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleBadgeFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Badge"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"zhCN"}},{"kind":"Field","name":{"kind":"Name","value":"enUS"}}]}},{"kind":"Field","name":{"kind":"Name","value":"description"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"zhCN"}},{"kind":"Field","name":{"kind":"Name","value":"enUS"}}]}},{"kind":"Field","name":{"kind":"Name","value":"imageUrl"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"displayOrder"}},{"kind":"Field","name":{"kind":"Name","value":"category"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"zhCN"}},{"kind":"Field","name":{"kind":"Name","value":"enUS"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"series"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"zhCN"}},{"kind":"Field","name":{"kind":"Name","value":"enUS"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalStock"}},{"kind":"Field","name":{"kind":"Name","value":"remainingStock"}},{"kind":"Field","name":{"kind":"Name","value":"isSoldOut"}},{"kind":"Field","name":{"kind":"Name","value":"perUserCap"}},{"kind":"Field","name":{"kind":"Name","value":"isRepeatable"}},{"kind":"Field","name":{"kind":"Name","value":"isHiddenUntilEarned"}},{"kind":"Field","name":{"kind":"Name","value":"isAutoCascade"}},{"kind":"Field","name":{"kind":"Name","value":"validity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"validDays"}},{"kind":"Field","name":{"kind":"Name","value":"validFrom"}},{"kind":"Field","name":{"kind":"Name","value":"validUntil"}}]}},{"kind":"Field","name":{"kind":"Name","value":"publishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<ConsoleBadgeFieldsFragment, unknown>;
export const ConsoleBenefitFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleBenefitFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Benefit"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"name"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"zhCN"}},{"kind":"Field","name":{"kind":"Name","value":"enUS"}}]}},{"kind":"Field","name":{"kind":"Name","value":"description"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"zhCN"}},{"kind":"Field","name":{"kind":"Name","value":"enUS"}}]}},{"kind":"Field","name":{"kind":"Name","value":"imageUrl"}},{"kind":"Field","name":{"kind":"Name","value":"totalStock"}},{"kind":"Field","name":{"kind":"Name","value":"remainingStock"}},{"kind":"Field","name":{"kind":"Name","value":"perUserLimit"}},{"kind":"Field","name":{"kind":"Name","value":"isAvailable"}},{"kind":"Field","name":{"kind":"Name","value":"validity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"validDays"}},{"kind":"Field","name":{"kind":"Name","value":"validFrom"}},{"kind":"Field","name":{"kind":"Name","value":"validUntil"}}]}},{"kind":"Field","name":{"kind":"Name","value":"config"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"points"}},{"kind":"Field","name":{"kind":"Name","value":"faceValue"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}},{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"privilegeCode"}},{"kind":"Field","name":{"kind":"Name","value":"extraJson"}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<ConsoleBenefitFieldsFragment, unknown>;
export const ConsoleCouponPoolFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleCouponPoolFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CouponPoolStats"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"available"}},{"kind":"Field","name":{"kind":"Name","value":"issued"}},{"kind":"Field","name":{"kind":"Name","value":"reserved"}},{"kind":"Field","name":{"kind":"Name","value":"revoked"}},{"kind":"Field","name":{"kind":"Name","value":"total"}}]}}]} as unknown as DocumentNode<ConsoleCouponPoolFieldsFragment, unknown>;
export const ConsoleRedemptionRuleFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleRedemptionRuleFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RedemptionRule"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"isActiveNow"}},{"kind":"Field","name":{"kind":"Name","value":"name"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"zhCN"}},{"kind":"Field","name":{"kind":"Name","value":"enUS"}}]}},{"kind":"Field","name":{"kind":"Name","value":"description"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"zhCN"}},{"kind":"Field","name":{"kind":"Name","value":"enUS"}}]}},{"kind":"Field","name":{"kind":"Name","value":"benefitQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"perUserLimit"}},{"kind":"Field","name":{"kind":"Name","value":"activeFrom"}},{"kind":"Field","name":{"kind":"Name","value":"activeUntil"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"benefit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"name"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"zhCN"}},{"kind":"Field","name":{"kind":"Name","value":"enUS"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"badge"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleRedemptionRuleFieldsFragment, unknown>;
export const ConsoleBatchTaskFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleBatchTaskFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"BatchTask"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"fileName"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"totalRows"}},{"kind":"Field","name":{"kind":"Name","value":"processedRows"}},{"kind":"Field","name":{"kind":"Name","value":"successRows"}},{"kind":"Field","name":{"kind":"Name","value":"failedRows"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"badge"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"zhCN"}},{"kind":"Field","name":{"kind":"Name","value":"enUS"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleBatchTaskFieldsFragment, unknown>;
export const ConsoleRuleFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleRuleFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Rule"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"templateCode"}},{"kind":"Field","name":{"kind":"Name","value":"eventTypes"}},{"kind":"Field","name":{"kind":"Name","value":"params"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"celCondition"}},{"kind":"Field","name":{"kind":"Name","value":"activeFrom"}},{"kind":"Field","name":{"kind":"Name","value":"activeUntil"}},{"kind":"Field","name":{"kind":"Name","value":"perUserGrantLimit"}},{"kind":"Field","name":{"kind":"Name","value":"grantQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"revokeOnRefund"}},{"kind":"Field","name":{"kind":"Name","value":"timezone"}},{"kind":"Field","name":{"kind":"Name","value":"currentVersion"}},{"kind":"Field","name":{"kind":"Name","value":"lockVersion"}},{"kind":"Field","name":{"kind":"Name","value":"hasUnpublishedChanges"}},{"kind":"Field","name":{"kind":"Name","value":"publishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedBy"}},{"kind":"Field","name":{"kind":"Name","value":"badge"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"zhCN"}},{"kind":"Field","name":{"kind":"Name","value":"enUS"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleRuleFieldsFragment, unknown>;
export const ConsoleApiKeysDocument = {"__meta__":{"hash":"sha256:89c645c7d46575e7d47730145dc110c13020f2aa0524cde0b9b375a5398b506c"}} as unknown as DocumentNode<ConsoleApiKeysQuery, ConsoleApiKeysQueryVariables>;
export const ConsoleCreateApiKeyDocument = {"__meta__":{"hash":"sha256:3eeae9de75ebd7b85d4a70b34dd062964839e0de6c3e18fc01feb8472611bf0f"}} as unknown as DocumentNode<ConsoleCreateApiKeyMutation, ConsoleCreateApiKeyMutationVariables>;
export const ConsoleUpdateApiKeyDocument = {"__meta__":{"hash":"sha256:277e435a8d79df9c6c066630a9d19678046198c252317e60de26d3a14a301a4b"}} as unknown as DocumentNode<ConsoleUpdateApiKeyMutation, ConsoleUpdateApiKeyMutationVariables>;
export const ConsoleSetApiKeyEnabledDocument = {"__meta__":{"hash":"sha256:8528b00f7fba38ff34ed4a4faded39f5cef34ee96dbafee10d106937aa2835e7"}} as unknown as DocumentNode<ConsoleSetApiKeyEnabledMutation, ConsoleSetApiKeyEnabledMutationVariables>;
export const ConsoleRegenerateApiKeyDocument = {"__meta__":{"hash":"sha256:59defb4bd00f615a60da8df8df92999d19f1d85e6324cf5105b4183886dd8e9c"}} as unknown as DocumentNode<ConsoleRegenerateApiKeyMutation, ConsoleRegenerateApiKeyMutationVariables>;
export const ConsoleDeleteApiKeyDocument = {"__meta__":{"hash":"sha256:85f1a61efb5fc4a11b6303b44cbb675a3f0a5a12f994306dafb761e60375c5e1"}} as unknown as DocumentNode<ConsoleDeleteApiKeyMutation, ConsoleDeleteApiKeyMutationVariables>;
export const ConsoleOperationLogsDocument = {"__meta__":{"hash":"sha256:2722f80857e0ca95d80b29a7da486a448be5a83c0d9bbf3dcee911d6d08e8818"}} as unknown as DocumentNode<ConsoleOperationLogsQuery, ConsoleOperationLogsQueryVariables>;
export const ConsoleVerifyOperationLogDocument = {"__meta__":{"hash":"sha256:d72dce4351058931e7fe8a834690b63366dc4122541ed3287db13265f2c87474"}} as unknown as DocumentNode<ConsoleVerifyOperationLogQuery, ConsoleVerifyOperationLogQueryVariables>;
export const ConsoleOperationLogCsvDocument = {"__meta__":{"hash":"sha256:d76d57c3491b7ff3a1a8bbe7bfa7bd8f62dffafc97322e89128607daa31005db"}} as unknown as DocumentNode<ConsoleOperationLogCsvQuery, ConsoleOperationLogCsvQueryVariables>;
export const ConsoleAdminsDocument = {"__meta__":{"hash":"sha256:bdc00b214521e0646a18239869a327663fe406ed95e17147730958e05bbfc827"}} as unknown as DocumentNode<ConsoleAdminsQuery, ConsoleAdminsQueryVariables>;
export const ConsoleRolesDocument = {"__meta__":{"hash":"sha256:de938a7f4fbc19b03366dcf2a46f991a1e02942bce97677926a8bcb4ee8253bc"}} as unknown as DocumentNode<ConsoleRolesQuery, ConsoleRolesQueryVariables>;
export const ConsoleAssignAdminRolesDocument = {"__meta__":{"hash":"sha256:901aff7e71f65a5bd8cd63f819f370f83f817419def1d4a5f427e13fbe6fa890"}} as unknown as DocumentNode<ConsoleAssignAdminRolesMutation, ConsoleAssignAdminRolesMutationVariables>;
export const ConsoleSetAdminStatusDocument = {"__meta__":{"hash":"sha256:e6531b61bb81fdd798a62deff0a9954bf037a6b9a71d9a71575c6b4513a09c6a"}} as unknown as DocumentNode<ConsoleSetAdminStatusMutation, ConsoleSetAdminStatusMutationVariables>;
export const ConsoleProvisionAdminDocument = {"__meta__":{"hash":"sha256:dd70fe6dedaa85a52563e3b40827a8b63236b28e71bf2dc2789857bef4fefb85"}} as unknown as DocumentNode<ConsoleProvisionAdminMutation, ConsoleProvisionAdminMutationVariables>;
export const ConsoleCreateRoleDocument = {"__meta__":{"hash":"sha256:1a4e3b2da79a95be80aa2d1a42f2b601517fd4a8ba5c90840ade4a8c7cbe673e"}} as unknown as DocumentNode<ConsoleCreateRoleMutation, ConsoleCreateRoleMutationVariables>;
export const ConsoleUpdateRoleDocument = {"__meta__":{"hash":"sha256:c1edcea882394bb46b01c5bb1b895594bf78d372f509ee5d4c301d2d3200b0ba"}} as unknown as DocumentNode<ConsoleUpdateRoleMutation, ConsoleUpdateRoleMutationVariables>;
export const ConsoleDeleteRoleDocument = {"__meta__":{"hash":"sha256:7aa2ed8d51f9bacd021b7e2c00124d295c37bc061f342c4fce25fef56209076a"}} as unknown as DocumentNode<ConsoleDeleteRoleMutation, ConsoleDeleteRoleMutationVariables>;
export const ConsoleBadgesDocument = {"__meta__":{"hash":"sha256:863626ea1c53d8f8515d3283ec73338d6c88dad82d3703764d4b58cb29a26605"}} as unknown as DocumentNode<ConsoleBadgesQuery, ConsoleBadgesQueryVariables>;
export const ConsoleBadgeFormOptionsDocument = {"__meta__":{"hash":"sha256:f12163eff7384345592a6e8f59634e34d66fe92b4a2c030f053cd619353ae750"}} as unknown as DocumentNode<ConsoleBadgeFormOptionsQuery, ConsoleBadgeFormOptionsQueryVariables>;
export const ConsoleBadgeDocument = {"__meta__":{"hash":"sha256:f28ab1bcb81b4d036045d3d2803068759b429701d296b4c744e94bcbdab245ff"}} as unknown as DocumentNode<ConsoleBadgeQuery, ConsoleBadgeQueryVariables>;
export const ConsoleBadgeHoldersDocument = {"__meta__":{"hash":"sha256:a942306322ec5bb1a4249c7f83521ecccc79725a71de84a5f03be9ca16b6328c"}} as unknown as DocumentNode<ConsoleBadgeHoldersQuery, ConsoleBadgeHoldersQueryVariables>;
export const ConsoleBadgeRulesDocument = {"__meta__":{"hash":"sha256:b51036554208270c402381c361fdfc9eff1a240930035b9d90d49d7be5b9bf97"}} as unknown as DocumentNode<ConsoleBadgeRulesQuery, ConsoleBadgeRulesQueryVariables>;
export const ConsoleCreateBadgeDocument = {"__meta__":{"hash":"sha256:6d92a3114e6247b4d6fdc305d3a6993dbf3d1334bec2853010828b5a1a06b9ee"}} as unknown as DocumentNode<ConsoleCreateBadgeMutation, ConsoleCreateBadgeMutationVariables>;
export const ConsoleUpdateBadgeDocument = {"__meta__":{"hash":"sha256:013f7e8a1699fab9b312fd3791b712239b51fa7c184f062be55e852247b57609"}} as unknown as DocumentNode<ConsoleUpdateBadgeMutation, ConsoleUpdateBadgeMutationVariables>;
export const ConsolePublishBadgeDocument = {"__meta__":{"hash":"sha256:0a3fd10241771e908c5967b687aae1bdfe5621cf37c07bf63bb1eafa9039a2b8"}} as unknown as DocumentNode<ConsolePublishBadgeMutation, ConsolePublishBadgeMutationVariables>;
export const ConsoleOfflineBadgeDocument = {"__meta__":{"hash":"sha256:b4ce9798fbf35cfba1e3d3bab5b8cc09ee1a6ab5cec5167d98757051d071c9cd"}} as unknown as DocumentNode<ConsoleOfflineBadgeMutation, ConsoleOfflineBadgeMutationVariables>;
export const ConsoleArchiveBadgeDocument = {"__meta__":{"hash":"sha256:44d7d56fbe4181a596ba48d3a09ee347abf977d5d347880c35dbb3169f7ceee4"}} as unknown as DocumentNode<ConsoleArchiveBadgeMutation, ConsoleArchiveBadgeMutationVariables>;
export const ConsoleDeleteBadgeDocument = {"__meta__":{"hash":"sha256:ae6812fc51101489e11b8677a007a365517504ee156dbfd047b2e99dc6b1e844"}} as unknown as DocumentNode<ConsoleDeleteBadgeMutation, ConsoleDeleteBadgeMutationVariables>;
export const ConsoleSetBadgeDependenciesDocument = {"__meta__":{"hash":"sha256:f4afafe235c97728f24723079088356a7eb07dfbd0c86cd2fe17453a13fb35e6"}} as unknown as DocumentNode<ConsoleSetBadgeDependenciesMutation, ConsoleSetBadgeDependenciesMutationVariables>;
export const ConsoleBenefitsDocument = {"__meta__":{"hash":"sha256:7021dd8f06d2e3ca6b9020e024c705c9cf9dd88f5eaf33efa2787eedc2a6d8dd"}} as unknown as DocumentNode<ConsoleBenefitsQuery, ConsoleBenefitsQueryVariables>;
export const ConsoleBenefitDocument = {"__meta__":{"hash":"sha256:fb1c9b37c8389a116747669012e45c52aee789d50a268b1c69f201f1a266c922"}} as unknown as DocumentNode<ConsoleBenefitQuery, ConsoleBenefitQueryVariables>;
export const ConsoleBenefitBadgeLinksDocument = {"__meta__":{"hash":"sha256:b4a4663b9c93f6e55feefc61f62fb839aa2b5c58f2c4bad7607daf16d224a128"}} as unknown as DocumentNode<ConsoleBenefitBadgeLinksQuery, ConsoleBenefitBadgeLinksQueryVariables>;
export const ConsoleBenefitBadgeChoicesDocument = {"__meta__":{"hash":"sha256:a3f8db5d66012615a983de37d1548e0b505ee90e642bbcdfbce8470be2578525"}} as unknown as DocumentNode<ConsoleBenefitBadgeChoicesQuery, ConsoleBenefitBadgeChoicesQueryVariables>;
export const ConsoleBenefitRecentGrantsDocument = {"__meta__":{"hash":"sha256:9425e3eeb0ab21db9540691f1e97b089e5ea62e4b810611649b40dc2a047a5f5"}} as unknown as DocumentNode<ConsoleBenefitRecentGrantsQuery, ConsoleBenefitRecentGrantsQueryVariables>;
export const ConsoleCreateBenefitDocument = {"__meta__":{"hash":"sha256:cec1356e0023b363a335b371eea2e6736a82cf46d832b4ba8e34eae7da9b474b"}} as unknown as DocumentNode<ConsoleCreateBenefitMutation, ConsoleCreateBenefitMutationVariables>;
export const ConsoleUpdateBenefitDocument = {"__meta__":{"hash":"sha256:10101c312e7fc7e6a57dc36ba2f5155425246b0027cdcef13c897470c83cb2e9"}} as unknown as DocumentNode<ConsoleUpdateBenefitMutation, ConsoleUpdateBenefitMutationVariables>;
export const ConsolePublishBenefitDocument = {"__meta__":{"hash":"sha256:f562df8e7e813d303074f93c70974cc4c9d0dacf2b7c9f2e9d721f84a7010ad9"}} as unknown as DocumentNode<ConsolePublishBenefitMutation, ConsolePublishBenefitMutationVariables>;
export const ConsoleOfflineBenefitDocument = {"__meta__":{"hash":"sha256:d0a610578848209f880368dd4c257ba150b905d04c0aa54b2146c75dff097351"}} as unknown as DocumentNode<ConsoleOfflineBenefitMutation, ConsoleOfflineBenefitMutationVariables>;
export const ConsoleArchiveBenefitDocument = {"__meta__":{"hash":"sha256:28f9253df1cf837aa75fd46b26ff0d75dbbd0e023ac7265a27afaf0aa44c1bd9"}} as unknown as DocumentNode<ConsoleArchiveBenefitMutation, ConsoleArchiveBenefitMutationVariables>;
export const ConsoleLinkBadgeBenefitDocument = {"__meta__":{"hash":"sha256:9565af60f2b3c4ace96644cac86043da0225d2bff66b2a51c6389aa67a30546d"}} as unknown as DocumentNode<ConsoleLinkBadgeBenefitMutation, ConsoleLinkBadgeBenefitMutationVariables>;
export const ConsoleUpdateBadgeBenefitDocument = {"__meta__":{"hash":"sha256:06f61a6fee3d7af37f1c1b29e7b804b385b5a181b1e7549f1057f3aa4eb49c93"}} as unknown as DocumentNode<ConsoleUpdateBadgeBenefitMutation, ConsoleUpdateBadgeBenefitMutationVariables>;
export const ConsoleUnlinkBadgeBenefitDocument = {"__meta__":{"hash":"sha256:f4f9882c6a093df73150aae98aeefa291fafd5d434a99eafc96c667e61c3e04b"}} as unknown as DocumentNode<ConsoleUnlinkBadgeBenefitMutation, ConsoleUnlinkBadgeBenefitMutationVariables>;
export const ConsoleCouponPoolsDocument = {"__meta__":{"hash":"sha256:9b10900d6f4d982f232820f714646e5cf37eb120d80b67771633a4545ffadeb5"}} as unknown as DocumentNode<ConsoleCouponPoolsQuery, ConsoleCouponPoolsQueryVariables>;
export const ConsoleCouponCodesDocument = {"__meta__":{"hash":"sha256:cfcfb6400196171b0662a932a335c86e8d4af0f3c5858d01f244e874b0c8b2ef"}} as unknown as DocumentNode<ConsoleCouponCodesQuery, ConsoleCouponCodesQueryVariables>;
export const ConsoleGenerateCouponCodesDocument = {"__meta__":{"hash":"sha256:f36a02c78cb2c6a9bc778553fd379eca84ff1c754acfa95e64a3a70617f0128e"}} as unknown as DocumentNode<ConsoleGenerateCouponCodesMutation, ConsoleGenerateCouponCodesMutationVariables>;
export const ConsoleUploadCouponCodesDocument = {"__meta__":{"hash":"sha256:ddf4430694d6234847c4d9d029a9a952ca73222b8b4f1e010bfd7eeccc42874f"}} as unknown as DocumentNode<ConsoleUploadCouponCodesMutation, ConsoleUploadCouponCodesMutationVariables>;
export const ConsoleRedemptionRulesDocument = {"__meta__":{"hash":"sha256:add332e273ef7422bead40d4e7a1832871bf2e10b4bb0d7a912bb4c005269184"}} as unknown as DocumentNode<ConsoleRedemptionRulesQuery, ConsoleRedemptionRulesQueryVariables>;
export const ConsoleRedemptionRuleBenefitsDocument = {"__meta__":{"hash":"sha256:6baf401e1b8c1c9a9fc0ba58b048f3e99ab4c42636a3bf572d8fb79e1f878568"}} as unknown as DocumentNode<ConsoleRedemptionRuleBenefitsQuery, ConsoleRedemptionRuleBenefitsQueryVariables>;
export const ConsoleRedemptionsDocument = {"__meta__":{"hash":"sha256:55758053cc303305938f3d86968d7cbf2d8e5e55c09639528d679a0f36cdc956"}} as unknown as DocumentNode<ConsoleRedemptionsQuery, ConsoleRedemptionsQueryVariables>;
export const ConsoleCreateRedemptionRuleDocument = {"__meta__":{"hash":"sha256:b69da6998b76de46f1fed4cdc8e24515e9254c839a6d002ef73e669e36611707"}} as unknown as DocumentNode<ConsoleCreateRedemptionRuleMutation, ConsoleCreateRedemptionRuleMutationVariables>;
export const ConsoleUpdateRedemptionRuleDocument = {"__meta__":{"hash":"sha256:1bc8e0c4c22488a0ea284a553e0a3b24da41e227f583ce95f4063e145ba567dc"}} as unknown as DocumentNode<ConsoleUpdateRedemptionRuleMutation, ConsoleUpdateRedemptionRuleMutationVariables>;
export const ConsoleActivateRedemptionRuleDocument = {"__meta__":{"hash":"sha256:3336aaded82faf5c5e52edf9f0009b68dc3417a89826cee4e48bef120ed32a51"}} as unknown as DocumentNode<ConsoleActivateRedemptionRuleMutation, ConsoleActivateRedemptionRuleMutationVariables>;
export const ConsoleDisableRedemptionRuleDocument = {"__meta__":{"hash":"sha256:518cf00bb6f4caa993d1990006b962436991e3b1c66810a96ce0785d5f0bc6de"}} as unknown as DocumentNode<ConsoleDisableRedemptionRuleMutation, ConsoleDisableRedemptionRuleMutationVariables>;
export const ConsoleCategoriesDocument = {"__meta__":{"hash":"sha256:2d6ad4623f5a14858504d8e0332cb9a2be91cbee47de2b0f5a91c23bf7d7abf1"}} as unknown as DocumentNode<ConsoleCategoriesQuery, ConsoleCategoriesQueryVariables>;
export const ConsoleCreateCategoryDocument = {"__meta__":{"hash":"sha256:e627baa39884a443560a890524981e6eb1e552513d5c228f3cca3fb2511b1b2a"}} as unknown as DocumentNode<ConsoleCreateCategoryMutation, ConsoleCreateCategoryMutationVariables>;
export const ConsoleUpdateCategoryDocument = {"__meta__":{"hash":"sha256:57b7a4562705e91d84f39856d33b9cf2c4ad9784c7c1a84d057943c7b06a85b7"}} as unknown as DocumentNode<ConsoleUpdateCategoryMutation, ConsoleUpdateCategoryMutationVariables>;
export const ConsoleDeleteCategoryDocument = {"__meta__":{"hash":"sha256:1a0ee06e44f728f9cfd4828f670ad1289cbd968b5274971e042c79716306c1cb"}} as unknown as DocumentNode<ConsoleDeleteCategoryMutation, ConsoleDeleteCategoryMutationVariables>;
export const ConsoleCreateSeriesDocument = {"__meta__":{"hash":"sha256:8753b1b4ee35ec6f34507e0c347e6ed5d63e78c1fdf6284c28a8cb3897f3e54c"}} as unknown as DocumentNode<ConsoleCreateSeriesMutation, ConsoleCreateSeriesMutationVariables>;
export const ConsoleUpdateSeriesDocument = {"__meta__":{"hash":"sha256:4f725b5945f1554125959fdfc7c7c969f9bf1e7ac45c1c3e95b3900dca022605"}} as unknown as DocumentNode<ConsoleUpdateSeriesMutation, ConsoleUpdateSeriesMutationVariables>;
export const ConsoleDeleteSeriesDocument = {"__meta__":{"hash":"sha256:da2b1b88c1cb0b4d9b06750517d9bea4c02abea83af8743ba3c7dec127be3833"}} as unknown as DocumentNode<ConsoleDeleteSeriesMutation, ConsoleDeleteSeriesMutationVariables>;
export const ConsoleDashboardCountsDocument = {"__meta__":{"hash":"sha256:6086e95209db10d05d8ddcb623a3b04cf567fd96bf5e6c6cf72950dfed8296da"}} as unknown as DocumentNode<ConsoleDashboardCountsQuery, ConsoleDashboardCountsQueryVariables>;
export const ConsoleDashboardStatsDocument = {"__meta__":{"hash":"sha256:499647e199b46304aa96b4afc66ee8878a9ac0cf4d907f5e3fd00c4b022c1629"}} as unknown as DocumentNode<ConsoleDashboardStatsQuery, ConsoleDashboardStatsQueryVariables>;
export const ConsolePipelineStatusDocument = {"__meta__":{"hash":"sha256:ffe80bc525b70a70151e3cb42631b6a6817d834435fb19f4d32b93bda204ba40"}} as unknown as DocumentNode<ConsolePipelineStatusQuery, ConsolePipelineStatusQueryVariables>;
export const ConsoleReplayDeadLettersDocument = {"__meta__":{"hash":"sha256:036cf6af8aae3a0649abea2d6db591b37314b0ec95718e5a3c4e543e98ab7468"}} as unknown as DocumentNode<ConsoleReplayDeadLettersMutation, ConsoleReplayDeadLettersMutationVariables>;
export const ConsoleBatchTasksDocument = {"__meta__":{"hash":"sha256:db52e549cdf7ed0fc715d31030025ed6c6be1838ff2c559b83b6dc7eff2962a1"}} as unknown as DocumentNode<ConsoleBatchTasksQuery, ConsoleBatchTasksQueryVariables>;
export const ConsoleBatchTaskDocument = {"__meta__":{"hash":"sha256:455bcee75b437e56db345e9d0ceddae0900460405e13271153090b4a947cf40e"}} as unknown as DocumentNode<ConsoleBatchTaskQuery, ConsoleBatchTaskQueryVariables>;
export const ConsoleBatchTaskFailureReportDocument = {"__meta__":{"hash":"sha256:2d17b7a3935b865ad268fde7d9f2d7812a17885b99e6a6c9600144f7c1b7b49a"}} as unknown as DocumentNode<ConsoleBatchTaskFailureReportQuery, ConsoleBatchTaskFailureReportQueryVariables>;
export const ConsoleCreateBatchTaskDocument = {"__meta__":{"hash":"sha256:c9df46524a68585151151b8be61c17a72cd35d80ceafc10663cde35b9647fa5b"}} as unknown as DocumentNode<ConsoleCreateBatchTaskMutation, ConsoleCreateBatchTaskMutationVariables>;
export const ConsoleCancelBatchTaskDocument = {"__meta__":{"hash":"sha256:9561e11563783b45e9281c2aad816ddb74ae02559744d999dd1791aea166caa4"}} as unknown as DocumentNode<ConsoleCancelBatchTaskMutation, ConsoleCancelBatchTaskMutationVariables>;
export const ConsoleRetryBatchTaskDocument = {"__meta__":{"hash":"sha256:6683403486bc35828bb9410e8c373ad25a914d5ec09ed3e6ea882816db9b28e5"}} as unknown as DocumentNode<ConsoleRetryBatchTaskMutation, ConsoleRetryBatchTaskMutationVariables>;
export const ConsoleMeDocument = {"__meta__":{"hash":"sha256:ac50851e52dc701f8f59112739729bf3bf68edee5864ac9c99284ca7fe916f85"}} as unknown as DocumentNode<ConsoleMeQuery, ConsoleMeQueryVariables>;
export const ConsoleRulesDocument = {"__meta__":{"hash":"sha256:9c62822cfe620316464da58d318ec0ac232205aaabb21cdbab5a3910cd765355"}} as unknown as DocumentNode<ConsoleRulesQuery, ConsoleRulesQueryVariables>;
export const ConsoleRuleFormOptionsDocument = {"__meta__":{"hash":"sha256:08b2f2256a26e833b8e55a925224aa130c1a69224a0113d847bb671cd4519462"}} as unknown as DocumentNode<ConsoleRuleFormOptionsQuery, ConsoleRuleFormOptionsQueryVariables>;
export const ConsoleRuleDocument = {"__meta__":{"hash":"sha256:a5d9142da3a5369b9cb3b31e4cd0836237fb2c44dc712db8ea1d6aa4d9e92c3d"}} as unknown as DocumentNode<ConsoleRuleQuery, ConsoleRuleQueryVariables>;
export const ConsoleCreateRuleDocument = {"__meta__":{"hash":"sha256:02b0a7695f72ca928d53c3bf67e2da22547349661fac871d0e62a7c3ff55e40d"}} as unknown as DocumentNode<ConsoleCreateRuleMutation, ConsoleCreateRuleMutationVariables>;
export const ConsoleUpdateRuleDocument = {"__meta__":{"hash":"sha256:362211e9f0c00bb200129876daf72f77e7aeefeed519413e28286b21798c368c"}} as unknown as DocumentNode<ConsoleUpdateRuleMutation, ConsoleUpdateRuleMutationVariables>;
export const ConsolePublishRuleDocument = {"__meta__":{"hash":"sha256:95182f559aad1efdafceb7ad69c8f7a4e2f2a92d4142aa94be2a6f56b589149a"}} as unknown as DocumentNode<ConsolePublishRuleMutation, ConsolePublishRuleMutationVariables>;
export const ConsoleDisableRuleDocument = {"__meta__":{"hash":"sha256:5c1f311ce5e002c5993d50a721b9b37acd7c74b5bd85f55fc9d2e5cf92eb2b45"}} as unknown as DocumentNode<ConsoleDisableRuleMutation, ConsoleDisableRuleMutationVariables>;
export const ConsoleDeleteRuleDocument = {"__meta__":{"hash":"sha256:345a33f7c8a9638e51b3bf98dadfb99183442af539e0f919de12691fa0c94f1d"}} as unknown as DocumentNode<ConsoleDeleteRuleMutation, ConsoleDeleteRuleMutationVariables>;
export const ConsoleDryRunRuleDocument = {"__meta__":{"hash":"sha256:8bc34d980a56e3ee406847eafcd915d276180e2d46e87ed29040d9476e303488"}} as unknown as DocumentNode<ConsoleDryRunRuleQuery, ConsoleDryRunRuleQueryVariables>;
export const ConsoleSendTestEventDocument = {"__meta__":{"hash":"sha256:f2bfdebd1b809c3a196d8cdc9880983fb7b7e04fbceadc0aa6e0372102291e72"}} as unknown as DocumentNode<ConsoleSendTestEventMutation, ConsoleSendTestEventMutationVariables>;
export const ConsoleUsersDocument = {"__meta__":{"hash":"sha256:d964e1a1937146fb2e6f987a2e988bb10844ac2d3623fb4377a19966b31285ab"}} as unknown as DocumentNode<ConsoleUsersQuery, ConsoleUsersQueryVariables>;
export const ConsoleUserDocument = {"__meta__":{"hash":"sha256:d9d8172105b6165158110fab33355771cd39bf44c31da359257af8641d232f9f"}} as unknown as DocumentNode<ConsoleUserQuery, ConsoleUserQueryVariables>;
export const ConsoleGrantableBadgesDocument = {"__meta__":{"hash":"sha256:1e84391afedf77a64673e8e6d99b1fa57c0aa37b8aba23e7e3675876a9b5bedf"}} as unknown as DocumentNode<ConsoleGrantableBadgesQuery, ConsoleGrantableBadgesQueryVariables>;
export const ConsoleUserBadgesDocument = {"__meta__":{"hash":"sha256:a2726ab344d0a69b410ec3b8a25dddaa0703f001f7b2664c8080f0d8e854e6ea"}} as unknown as DocumentNode<ConsoleUserBadgesQuery, ConsoleUserBadgesQueryVariables>;
export const ConsoleUserBenefitsDocument = {"__meta__":{"hash":"sha256:b1cd80776c76ca63a82e1e8583bd327669f1caaa396ba5580ff6e4663f7f1ad9"}} as unknown as DocumentNode<ConsoleUserBenefitsQuery, ConsoleUserBenefitsQueryVariables>;
export const ConsoleGrantBadgeDocument = {"__meta__":{"hash":"sha256:c7d869588deb1e4a12992831bb51389c4f70b41d3f9cd87a8e46534b55964bce"}} as unknown as DocumentNode<ConsoleGrantBadgeMutation, ConsoleGrantBadgeMutationVariables>;
export const ConsoleRevokeBadgeDocument = {"__meta__":{"hash":"sha256:3abfd7fb79a6b6b339dd50325c0d72fcc6993af4a9286660415d73ccd13e4f57"}} as unknown as DocumentNode<ConsoleRevokeBadgeMutation, ConsoleRevokeBadgeMutationVariables>;