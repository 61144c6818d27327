-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "badge";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "benefit";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "rule";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "user";

-- CreateEnum
CREATE TYPE "badge"."badge_status" AS ENUM ('DRAFT', 'PUBLISHED', 'OFFLINE', 'ARCHIVED');

-- CreateEnum
CREATE TYPE "badge"."badge_validity_kind" AS ENUM ('NONE', 'FIXED', 'RELATIVE');

-- CreateEnum
CREATE TYPE "badge"."dependency_operator" AS ENUM ('AND', 'OR');

-- CreateEnum
CREATE TYPE "badge"."dependency_revoke_behavior" AS ENUM ('KEEP', 'CASCADE');

-- CreateEnum
CREATE TYPE "badge"."user_badge_status" AS ENUM ('ACTIVE', 'EXPIRED', 'REVOKED', 'CONSUMED');

-- CreateEnum
CREATE TYPE "badge"."user_badge_source" AS ENUM ('RULE', 'MANUAL', 'BATCH', 'CASCADE', 'REDEMPTION');

-- CreateEnum
CREATE TYPE "badge"."user_badge_action" AS ENUM ('GRANT', 'REVOKE', 'EXPIRE', 'CONSUME', 'RESTORE', 'PIN', 'UNPIN', 'REORDER');

-- CreateEnum
CREATE TYPE "badge"."actor_type" AS ENUM ('SYSTEM', 'ADMIN', 'USER', 'API_KEY');

-- CreateEnum
CREATE TYPE "badge"."cascade_action" AS ENUM ('GRANT', 'REVOKE');

-- CreateEnum
CREATE TYPE "badge"."cascade_result" AS ENUM ('SUCCESS', 'SKIPPED', 'FAILED');

-- CreateEnum
CREATE TYPE "badge"."batch_task_type" AS ENUM ('GRANT', 'REVOKE');

-- CreateEnum
CREATE TYPE "badge"."batch_task_status" AS ENUM ('PENDING', 'RUNNING', 'COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "benefit"."benefit_type" AS ENUM ('COUPON', 'POINTS', 'PHYSICAL', 'PRIVILEGE', 'CUSTOM');

-- CreateEnum
CREATE TYPE "benefit"."benefit_status" AS ENUM ('DRAFT', 'PUBLISHED', 'OFFLINE', 'ARCHIVED');

-- CreateEnum
CREATE TYPE "benefit"."benefit_validity_kind" AS ENUM ('NONE', 'FIXED', 'RELATIVE');

-- CreateEnum
CREATE TYPE "benefit"."coupon_code_status" AS ENUM ('AVAILABLE', 'RESERVED', 'ISSUED', 'REVOKED');

-- CreateEnum
CREATE TYPE "benefit"."redemption_rule_status" AS ENUM ('DRAFT', 'ACTIVE', 'DISABLED');

-- CreateEnum
CREATE TYPE "benefit"."redemption_status" AS ENUM ('PENDING', 'COMPLETED', 'FAILED', 'COMPENSATED');

-- CreateEnum
CREATE TYPE "benefit"."benefit_grant_status" AS ENUM ('PENDING', 'GRANTED', 'FAILED', 'REVOKED', 'EXPIRED');

-- CreateEnum
CREATE TYPE "benefit"."benefit_grant_source" AS ENUM ('AUTO', 'REDEMPTION', 'MANUAL');

-- CreateEnum
CREATE TYPE "benefit"."fulfilment_status" AS ENUM ('PENDING', 'PROCESSING', 'SHIPPED', 'DELIVERED', 'RETURNED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "rule"."rule_status" AS ENUM ('DRAFT', 'PUBLISHED', 'DISABLED');

-- CreateEnum
CREATE TYPE "user"."user_status" AS ENUM ('ACTIVE', 'BLOCKED', 'DELETED');

-- CreateEnum
CREATE TYPE "user"."wall_layout" AS ENUM ('GRID', 'LIST');

-- CreateEnum
CREATE TYPE "user"."wall_sort" AS ENUM ('DISPLAY_ORDER', 'EARNED_AT_DESC', 'EARNED_AT_ASC', 'CATEGORY');

-- CreateEnum
CREATE TYPE "user"."notification_channel" AS ENUM ('IN_APP', 'PUSH', 'SMS', 'EMAIL', 'WEBHOOK');

-- CreateEnum
CREATE TYPE "user"."delivery_status" AS ENUM ('PENDING', 'SENT', 'FAILED', 'SKIPPED');

-- CreateEnum
CREATE TYPE "user"."admin_user_status" AS ENUM ('PENDING', 'ACTIVE', 'DISABLED');

-- CreateEnum
CREATE TYPE "user"."operation_actor_type" AS ENUM ('ADMIN', 'API_KEY', 'SYSTEM');

-- CreateTable
CREATE TABLE "badge"."badge_category" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" JSONB NOT NULL,
    "description" JSONB,
    "icon_url" TEXT,
    "display_order" INTEGER NOT NULL DEFAULT 0,
    "is_enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "badge_category_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "badge"."badge_series" (
    "id" UUID NOT NULL,
    "category_id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" JSONB NOT NULL,
    "description" JSONB,
    "cover_url" TEXT,
    "display_order" INTEGER NOT NULL DEFAULT 0,
    "is_enabled" BOOLEAN NOT NULL DEFAULT true,
    "starts_at" TIMESTAMPTZ(3),
    "ends_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "badge_series_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "badge"."badge" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "category_id" UUID NOT NULL,
    "series_id" UUID,
    "name" JSONB NOT NULL,
    "description" JSONB,
    "image_url" TEXT,
    "status" "badge"."badge_status" NOT NULL DEFAULT 'DRAFT',
    "total_stock" INTEGER,
    "remaining_stock" INTEGER,
    "per_user_cap" INTEGER,
    "is_repeatable" BOOLEAN NOT NULL DEFAULT false,
    "validity_kind" "badge"."badge_validity_kind" NOT NULL DEFAULT 'NONE',
    "valid_from" TIMESTAMPTZ(3),
    "valid_until" TIMESTAMPTZ(3),
    "valid_days" INTEGER,
    "is_hidden_until_earned" BOOLEAN NOT NULL DEFAULT false,
    "is_auto_cascade" BOOLEAN NOT NULL DEFAULT true,
    "display_order" INTEGER NOT NULL DEFAULT 0,
    "metadata" JSONB,
    "version" INTEGER NOT NULL DEFAULT 1,
    "published_at" TIMESTAMPTZ(3),
    "offline_at" TIMESTAMPTZ(3),
    "archived_at" TIMESTAMPTZ(3),
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "badge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "badge"."badge_dependency_group" (
    "id" UUID NOT NULL,
    "badge_id" UUID NOT NULL,
    "operator" "badge"."dependency_operator" NOT NULL DEFAULT 'AND',
    "name" TEXT,
    "display_order" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "badge_dependency_group_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "badge"."badge_dependency" (
    "id" UUID NOT NULL,
    "group_id" UUID NOT NULL,
    "badge_id" UUID NOT NULL,
    "required_badge_id" UUID NOT NULL,
    "required_quantity" INTEGER NOT NULL DEFAULT 1,
    "consumes_prerequisite" BOOLEAN NOT NULL DEFAULT false,
    "revoke_behavior" "badge"."dependency_revoke_behavior" NOT NULL DEFAULT 'KEEP',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "badge_dependency_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "badge"."user_badge" (
    "id" UUID NOT NULL,
    "user_id" TEXT NOT NULL,
    "badge_id" UUID NOT NULL,
    "quantity" INTEGER NOT NULL DEFAULT 1,
    "status" "badge"."user_badge_status" NOT NULL DEFAULT 'ACTIVE',
    "source" "badge"."user_badge_source" NOT NULL,
    "source_ref" TEXT,
    "idempotency_key" TEXT NOT NULL,
    "granted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "revoke_reason" TEXT,
    "consumed_at" TIMESTAMPTZ(3),
    "consumed_by" TEXT,
    "is_pinned" BOOLEAN NOT NULL DEFAULT false,
    "wall_order" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_badge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "badge"."user_badge_balance" (
    "user_id" TEXT NOT NULL,
    "badge_id" UUID NOT NULL,
    "active_quantity" INTEGER NOT NULL DEFAULT 0,
    "total_granted" INTEGER NOT NULL DEFAULT 0,
    "first_granted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_granted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_badge_balance_pkey" PRIMARY KEY ("user_id","badge_id")
);

-- CreateTable
CREATE TABLE "badge"."user_badge_log" (
    "id" UUID NOT NULL,
    "user_badge_id" UUID,
    "user_id" TEXT NOT NULL,
    "badge_id" UUID NOT NULL,
    "action" "badge"."user_badge_action" NOT NULL,
    "delta" INTEGER NOT NULL DEFAULT 0,
    "quantity_after" INTEGER,
    "source" "badge"."user_badge_source",
    "source_ref" TEXT,
    "actor_type" "badge"."actor_type" NOT NULL,
    "actor_id" TEXT,
    "reason" TEXT,
    "idempotency_key" TEXT,
    "metadata" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_badge_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "badge"."cascade_log" (
    "id" UUID NOT NULL,
    "user_id" TEXT NOT NULL,
    "action" "badge"."cascade_action" NOT NULL,
    "trigger_badge_id" UUID NOT NULL,
    "trigger_user_badge_id" UUID,
    "target_badge_id" UUID NOT NULL,
    "result_user_badge_id" UUID,
    "result" "badge"."cascade_result" NOT NULL,
    "depth" INTEGER NOT NULL DEFAULT 1,
    "consumed" JSONB,
    "reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cascade_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "badge"."batch_task" (
    "id" UUID NOT NULL,
    "type" "badge"."batch_task_type" NOT NULL,
    "status" "badge"."batch_task_status" NOT NULL DEFAULT 'PENDING',
    "badge_id" UUID NOT NULL,
    "quantity" INTEGER NOT NULL DEFAULT 1,
    "reason" TEXT,
    "file_name" TEXT,
    "file_url" TEXT,
    "file_checksum" TEXT,
    "total_rows" INTEGER NOT NULL DEFAULT 0,
    "processed_rows" INTEGER NOT NULL DEFAULT 0,
    "success_rows" INTEGER NOT NULL DEFAULT 0,
    "failed_rows" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "created_by" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "batch_task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "badge"."batch_task_failure" (
    "id" UUID NOT NULL,
    "task_id" UUID NOT NULL,
    "row_number" INTEGER NOT NULL,
    "user_id" TEXT,
    "raw_row" TEXT,
    "error_code" TEXT NOT NULL,
    "error_message" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "batch_task_failure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "badge"."outbox_event" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "topic" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "payload" BYTEA NOT NULL,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "outbox_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "badge"."inbox_message" (
    "consumer" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "partition" INTEGER NOT NULL,
    "kafka_offset" BIGINT NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbox_message_pkey" PRIMARY KEY ("consumer","message_id")
);

-- CreateTable
CREATE TABLE "benefit"."benefit" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "type" "benefit"."benefit_type" NOT NULL,
    "name" JSONB NOT NULL,
    "description" JSONB,
    "image_url" TEXT,
    "status" "benefit"."benefit_status" NOT NULL DEFAULT 'DRAFT',
    "total_stock" INTEGER,
    "remaining_stock" INTEGER,
    "per_user_limit" INTEGER,
    "validity_kind" "benefit"."benefit_validity_kind" NOT NULL DEFAULT 'NONE',
    "valid_from" TIMESTAMPTZ(3),
    "valid_until" TIMESTAMPTZ(3),
    "valid_days" INTEGER,
    "config" JSONB NOT NULL DEFAULT '{}',
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "benefit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "benefit"."coupon_code" (
    "id" UUID NOT NULL,
    "benefit_id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "status" "benefit"."coupon_code_status" NOT NULL DEFAULT 'AVAILABLE',
    "benefit_grant_id" UUID,
    "import_batch" TEXT,
    "expires_at" TIMESTAMPTZ(3),
    "reserved_at" TIMESTAMPTZ(3),
    "issued_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "coupon_code_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "benefit"."badge_benefit" (
    "id" UUID NOT NULL,
    "badge_id" UUID NOT NULL,
    "benefit_id" UUID NOT NULL,
    "quantity" INTEGER NOT NULL DEFAULT 1,
    "is_enabled" BOOLEAN NOT NULL DEFAULT true,
    "clawback_on_revoke" BOOLEAN NOT NULL DEFAULT true,
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "badge_benefit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "benefit"."redemption_rule" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" JSONB NOT NULL,
    "description" JSONB,
    "benefit_id" UUID NOT NULL,
    "benefit_quantity" INTEGER NOT NULL DEFAULT 1,
    "status" "benefit"."redemption_rule_status" NOT NULL DEFAULT 'DRAFT',
    "per_user_limit" INTEGER,
    "active_from" TIMESTAMPTZ(3),
    "active_until" TIMESTAMPTZ(3),
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "redemption_rule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "benefit"."redemption_rule_item" (
    "id" UUID NOT NULL,
    "redemption_rule_id" UUID NOT NULL,
    "badge_id" UUID NOT NULL,
    "quantity" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "redemption_rule_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "benefit"."redemption" (
    "id" UUID NOT NULL,
    "user_id" TEXT NOT NULL,
    "redemption_rule_id" UUID NOT NULL,
    "benefit_id" UUID NOT NULL,
    "status" "benefit"."redemption_status" NOT NULL DEFAULT 'PENDING',
    "idempotency_key" TEXT NOT NULL,
    "requested_by" TEXT,
    "failure_reason" TEXT,
    "completed_at" TIMESTAMPTZ(3),
    "failed_at" TIMESTAMPTZ(3),
    "compensated_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "redemption_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "benefit"."redemption_item" (
    "id" UUID NOT NULL,
    "redemption_id" UUID NOT NULL,
    "badge_id" UUID NOT NULL,
    "quantity" INTEGER NOT NULL,
    "consumed_user_badge_ids" UUID[] DEFAULT ARRAY[]::UUID[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "redemption_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "benefit"."benefit_grant" (
    "id" UUID NOT NULL,
    "user_id" TEXT NOT NULL,
    "benefit_id" UUID NOT NULL,
    "status" "benefit"."benefit_grant_status" NOT NULL DEFAULT 'PENDING',
    "source" "benefit"."benefit_grant_source" NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL DEFAULT 1,
    "source_badge_id" UUID,
    "source_badge_grant_id" UUID,
    "redemption_id" UUID,
    "failure_reason" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "fulfilment_status" "benefit"."fulfilment_status",
    "fulfilment" JSONB,
    "external_ref" TEXT,
    "payload" JSONB,
    "granted_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "revoke_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "benefit_grant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "benefit"."outbox_event" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "topic" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "payload" BYTEA NOT NULL,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "outbox_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "benefit"."inbox_message" (
    "consumer" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "partition" INTEGER NOT NULL,
    "kafka_offset" BIGINT NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbox_message_pkey" PRIMARY KEY ("consumer","message_id")
);

-- CreateTable
CREATE TABLE "rule"."rule_template" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" JSONB NOT NULL,
    "description" JSONB,
    "parameter_schema" JSONB NOT NULL,
    "default_event_types" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "is_system" BOOLEAN NOT NULL DEFAULT false,
    "is_enabled" BOOLEAN NOT NULL DEFAULT true,
    "display_order" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rule_template_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rule"."rule" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "badge_id" UUID NOT NULL,
    "event_types" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "template_code" TEXT NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "cel_condition" TEXT,
    "status" "rule"."rule_status" NOT NULL DEFAULT 'DRAFT',
    "current_version" INTEGER,
    "active_from" TIMESTAMPTZ(3),
    "active_until" TIMESTAMPTZ(3),
    "per_user_grant_limit" INTEGER,
    "grant_quantity" INTEGER NOT NULL DEFAULT 1,
    "timezone" TEXT,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "lock_version" INTEGER NOT NULL DEFAULT 1,
    "created_by" TEXT,
    "updated_by" TEXT,
    "published_at" TIMESTAMPTZ(3),
    "disabled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rule"."rule_version" (
    "id" UUID NOT NULL,
    "rule_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "badge_id" UUID NOT NULL,
    "event_types" TEXT[],
    "template_code" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "cel_condition" TEXT,
    "active_from" TIMESTAMPTZ(3),
    "active_until" TIMESTAMPTZ(3),
    "per_user_grant_limit" INTEGER,
    "grant_quantity" INTEGER NOT NULL DEFAULT 1,
    "timezone" TEXT,
    "change_note" TEXT,
    "published_by" TEXT NOT NULL,
    "published_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rule_version_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rule"."rule_user_aggregate" (
    "rule_id" UUID NOT NULL,
    "user_id" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "event_count" INTEGER NOT NULL DEFAULT 0,
    "sum_value" DECIMAL(20,4) NOT NULL DEFAULT 0,
    "window" JSONB NOT NULL DEFAULT '{}',
    "window_start" TIMESTAMPTZ(3),
    "current_streak" INTEGER NOT NULL DEFAULT 0,
    "longest_streak" INTEGER NOT NULL DEFAULT 0,
    "last_active_date" DATE,
    "distinct_days" INTEGER NOT NULL DEFAULT 0,
    "period_start" DATE,
    "first_event_at" TIMESTAMPTZ(3),
    "last_event_at" TIMESTAMPTZ(3),
    "last_event_id" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rule_user_aggregate_pkey" PRIMARY KEY ("rule_id","user_id")
);

-- CreateTable
CREATE TABLE "rule"."rule_user_grant_count" (
    "rule_id" UUID NOT NULL,
    "user_id" TEXT NOT NULL,
    "grant_count" INTEGER NOT NULL DEFAULT 0,
    "last_granted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rule_user_grant_count_pkey" PRIMARY KEY ("rule_id","user_id")
);

-- CreateTable
CREATE TABLE "rule"."outbox_event" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "topic" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "payload" BYTEA NOT NULL,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "outbox_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rule"."inbox_message" (
    "consumer" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "partition" INTEGER NOT NULL,
    "kafka_offset" BIGINT NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbox_message_pkey" PRIMARY KEY ("consumer","message_id")
);

-- CreateTable
CREATE TABLE "user"."user" (
    "id" UUID NOT NULL,
    "external_id" TEXT NOT NULL,
    "nickname" TEXT,
    "avatar_url" TEXT,
    "phone_ciphertext" BYTEA,
    "phone_key_id" TEXT,
    "phone_blind_index" TEXT,
    "email_ciphertext" BYTEA,
    "email_key_id" TEXT,
    "email_blind_index" TEXT,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "locale" TEXT NOT NULL DEFAULT 'zh-CN',
    "status" "user"."user_status" NOT NULL DEFAULT 'ACTIVE',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user"."wall_preference" (
    "user_id" UUID NOT NULL,
    "layout" "user"."wall_layout" NOT NULL DEFAULT 'GRID',
    "sort" "user"."wall_sort" NOT NULL DEFAULT 'DISPLAY_ORDER',
    "is_public" BOOLEAN NOT NULL DEFAULT true,
    "show_locked" BOOLEAN NOT NULL DEFAULT true,
    "show_expired" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "wall_preference_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "user"."notification" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "title" JSONB NOT NULL,
    "body" JSONB,
    "data" JSONB NOT NULL DEFAULT '{}',
    "dedupe_key" TEXT,
    "read_at" TIMESTAMPTZ(3),
    "archived_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user"."notification_delivery" (
    "id" UUID NOT NULL,
    "notification_id" UUID NOT NULL,
    "channel" "user"."notification_channel" NOT NULL,
    "status" "user"."delivery_status" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "next_attempt_at" TIMESTAMPTZ(3),
    "sent_at" TIMESTAMPTZ(3),
    "provider_message_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user"."notification_preference" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "channel" "user"."notification_channel" NOT NULL,
    "notification_type" TEXT NOT NULL DEFAULT '*',
    "is_enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_preference_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user"."admin_user" (
    "id" UUID NOT NULL,
    "oidc_subject" TEXT NOT NULL,
    "email" TEXT,
    "name" TEXT,
    "status" "user"."admin_user_status" NOT NULL DEFAULT 'PENDING',
    "last_login_at" TIMESTAMPTZ(3),
    "last_login_ip" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "admin_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user"."role" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "is_system" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "role_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user"."permission" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "module" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "description" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "permission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user"."role_permission" (
    "role_id" UUID NOT NULL,
    "permission_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "role_permission_pkey" PRIMARY KEY ("role_id","permission_id")
);

-- CreateTable
CREATE TABLE "user"."admin_user_role" (
    "admin_user_id" UUID NOT NULL,
    "role_id" UUID NOT NULL,
    "assigned_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "admin_user_role_pkey" PRIMARY KEY ("admin_user_id","role_id")
);

-- CreateTable
CREATE TABLE "user"."api_key" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "prefix" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "rate_limit_per_minute" INTEGER,
    "expires_at" TIMESTAMPTZ(3),
    "is_enabled" BOOLEAN NOT NULL DEFAULT true,
    "last_used_at" TIMESTAMPTZ(3),
    "created_by" UUID,
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user"."operation_log" (
    "id" UUID NOT NULL,
    "seq" BIGINT NOT NULL,
    "actor_type" "user"."operation_actor_type" NOT NULL,
    "actor_id" TEXT,
    "actor_name" TEXT,
    "module" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target_type" TEXT,
    "target_id" TEXT,
    "before" JSONB,
    "after" JSONB,
    "ip" TEXT,
    "user_agent" TEXT,
    "request_id" TEXT,
    "trace_id" TEXT,
    "prev_hash" TEXT,
    "hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "operation_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user"."outbox_event" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "topic" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "payload" BYTEA NOT NULL,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "outbox_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user"."inbox_message" (
    "consumer" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "partition" INTEGER NOT NULL,
    "kafka_offset" BIGINT NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbox_message_pkey" PRIMARY KEY ("consumer","message_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "badge_category_code_key" ON "badge"."badge_category"("code");

-- CreateIndex
CREATE INDEX "badge_category_is_enabled_display_order_idx" ON "badge"."badge_category"("is_enabled", "display_order");

-- CreateIndex
CREATE UNIQUE INDEX "badge_series_code_key" ON "badge"."badge_series"("code");

-- CreateIndex
CREATE INDEX "badge_series_category_id_display_order_idx" ON "badge"."badge_series"("category_id", "display_order");

-- CreateIndex
CREATE UNIQUE INDEX "badge_code_key" ON "badge"."badge"("code");

-- CreateIndex
CREATE INDEX "badge_status_created_at_idx" ON "badge"."badge"("status", "created_at");

-- CreateIndex
CREATE INDEX "badge_status_display_order_idx" ON "badge"."badge"("status", "display_order");

-- CreateIndex
CREATE INDEX "badge_category_id_status_idx" ON "badge"."badge"("category_id", "status");

-- CreateIndex
CREATE INDEX "badge_series_id_idx" ON "badge"."badge"("series_id");

-- CreateIndex
CREATE INDEX "badge_dependency_group_badge_id_idx" ON "badge"."badge_dependency_group"("badge_id");

-- CreateIndex
CREATE INDEX "badge_dependency_badge_id_idx" ON "badge"."badge_dependency"("badge_id");

-- CreateIndex
CREATE INDEX "badge_dependency_required_badge_id_idx" ON "badge"."badge_dependency"("required_badge_id");

-- CreateIndex
CREATE UNIQUE INDEX "badge_dependency_group_id_required_badge_id_key" ON "badge"."badge_dependency"("group_id", "required_badge_id");

-- CreateIndex
CREATE UNIQUE INDEX "user_badge_idempotency_key_key" ON "badge"."user_badge"("idempotency_key");

-- CreateIndex
CREATE INDEX "user_badge_user_id_status_granted_at_idx" ON "badge"."user_badge"("user_id", "status", "granted_at");

-- CreateIndex
CREATE INDEX "user_badge_user_id_badge_id_status_idx" ON "badge"."user_badge"("user_id", "badge_id", "status");

-- CreateIndex
CREATE INDEX "user_badge_badge_id_status_idx" ON "badge"."user_badge"("badge_id", "status");

-- CreateIndex
CREATE INDEX "user_badge_status_expires_at_idx" ON "badge"."user_badge"("status", "expires_at");

-- CreateIndex
CREATE INDEX "user_badge_source_source_ref_idx" ON "badge"."user_badge"("source", "source_ref");

-- CreateIndex
CREATE INDEX "user_badge_balance_badge_id_idx" ON "badge"."user_badge_balance"("badge_id");

-- CreateIndex
CREATE INDEX "user_badge_log_user_id_created_at_idx" ON "badge"."user_badge_log"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "user_badge_log_badge_id_created_at_idx" ON "badge"."user_badge_log"("badge_id", "created_at");

-- CreateIndex
CREATE INDEX "user_badge_log_user_badge_id_idx" ON "badge"."user_badge_log"("user_badge_id");

-- CreateIndex
CREATE INDEX "user_badge_log_action_created_at_idx" ON "badge"."user_badge_log"("action", "created_at");

-- CreateIndex
CREATE INDEX "cascade_log_user_id_created_at_idx" ON "badge"."cascade_log"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "cascade_log_trigger_badge_id_created_at_idx" ON "badge"."cascade_log"("trigger_badge_id", "created_at");

-- CreateIndex
CREATE INDEX "cascade_log_target_badge_id_created_at_idx" ON "badge"."cascade_log"("target_badge_id", "created_at");

-- CreateIndex
CREATE INDEX "batch_task_status_created_at_idx" ON "badge"."batch_task"("status", "created_at");

-- CreateIndex
CREATE INDEX "batch_task_badge_id_created_at_idx" ON "badge"."batch_task"("badge_id", "created_at");

-- CreateIndex
CREATE INDEX "batch_task_created_by_created_at_idx" ON "badge"."batch_task"("created_by", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "batch_task_failure_task_id_row_number_key" ON "badge"."batch_task_failure"("task_id", "row_number");

-- CreateIndex
CREATE UNIQUE INDEX "benefit_code_key" ON "benefit"."benefit"("code");

-- CreateIndex
CREATE INDEX "benefit_status_created_at_idx" ON "benefit"."benefit"("status", "created_at");

-- CreateIndex
CREATE INDEX "benefit_type_status_idx" ON "benefit"."benefit"("type", "status");

-- CreateIndex
CREATE UNIQUE INDEX "coupon_code_benefit_grant_id_key" ON "benefit"."coupon_code"("benefit_grant_id");

-- CreateIndex
CREATE INDEX "coupon_code_benefit_id_status_idx" ON "benefit"."coupon_code"("benefit_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "coupon_code_benefit_id_code_key" ON "benefit"."coupon_code"("benefit_id", "code");

-- CreateIndex
CREATE INDEX "badge_benefit_benefit_id_idx" ON "benefit"."badge_benefit"("benefit_id");

-- CreateIndex
CREATE UNIQUE INDEX "badge_benefit_badge_id_benefit_id_key" ON "benefit"."badge_benefit"("badge_id", "benefit_id");

-- CreateIndex
CREATE UNIQUE INDEX "redemption_rule_code_key" ON "benefit"."redemption_rule"("code");

-- CreateIndex
CREATE INDEX "redemption_rule_status_created_at_idx" ON "benefit"."redemption_rule"("status", "created_at");

-- CreateIndex
CREATE INDEX "redemption_rule_benefit_id_idx" ON "benefit"."redemption_rule"("benefit_id");

-- CreateIndex
CREATE INDEX "redemption_rule_item_badge_id_idx" ON "benefit"."redemption_rule_item"("badge_id");

-- CreateIndex
CREATE UNIQUE INDEX "redemption_rule_item_redemption_rule_id_badge_id_key" ON "benefit"."redemption_rule_item"("redemption_rule_id", "badge_id");

-- CreateIndex
CREATE UNIQUE INDEX "redemption_idempotency_key_key" ON "benefit"."redemption"("idempotency_key");

-- CreateIndex
CREATE INDEX "redemption_user_id_created_at_idx" ON "benefit"."redemption"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "redemption_status_created_at_idx" ON "benefit"."redemption"("status", "created_at");

-- CreateIndex
CREATE INDEX "redemption_redemption_rule_id_user_id_idx" ON "benefit"."redemption"("redemption_rule_id", "user_id");

-- CreateIndex
CREATE UNIQUE INDEX "redemption_item_redemption_id_badge_id_key" ON "benefit"."redemption_item"("redemption_id", "badge_id");

-- CreateIndex
CREATE UNIQUE INDEX "benefit_grant_idempotency_key_key" ON "benefit"."benefit_grant"("idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "benefit_grant_redemption_id_key" ON "benefit"."benefit_grant"("redemption_id");

-- CreateIndex
CREATE INDEX "benefit_grant_user_id_status_created_at_idx" ON "benefit"."benefit_grant"("user_id", "status", "created_at");

-- CreateIndex
CREATE INDEX "benefit_grant_user_id_benefit_id_idx" ON "benefit"."benefit_grant"("user_id", "benefit_id");

-- CreateIndex
CREATE INDEX "benefit_grant_benefit_id_status_idx" ON "benefit"."benefit_grant"("benefit_id", "status");

-- CreateIndex
CREATE INDEX "benefit_grant_status_created_at_idx" ON "benefit"."benefit_grant"("status", "created_at");

-- CreateIndex
CREATE INDEX "benefit_grant_source_badge_grant_id_idx" ON "benefit"."benefit_grant"("source_badge_grant_id");

-- CreateIndex
CREATE UNIQUE INDEX "rule_template_code_key" ON "rule"."rule_template"("code");

-- CreateIndex
CREATE INDEX "rule_status_created_at_idx" ON "rule"."rule"("status", "created_at");

-- CreateIndex
CREATE INDEX "rule_badge_id_idx" ON "rule"."rule"("badge_id");

-- CreateIndex
CREATE INDEX "rule_template_code_idx" ON "rule"."rule"("template_code");

-- CreateIndex
CREATE INDEX "rule_event_types_idx" ON "rule"."rule" USING GIN ("event_types");

-- CreateIndex
CREATE UNIQUE INDEX "rule_version_rule_id_version_key" ON "rule"."rule_version"("rule_id", "version");

-- CreateIndex
CREATE INDEX "rule_user_aggregate_user_id_idx" ON "rule"."rule_user_aggregate"("user_id");

-- CreateIndex
CREATE INDEX "rule_user_grant_count_user_id_idx" ON "rule"."rule_user_grant_count"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "user_external_id_key" ON "user"."user"("external_id");

-- CreateIndex
CREATE INDEX "user_phone_blind_index_idx" ON "user"."user"("phone_blind_index");

-- CreateIndex
CREATE INDEX "user_email_blind_index_idx" ON "user"."user"("email_blind_index");

-- CreateIndex
CREATE INDEX "user_status_created_at_idx" ON "user"."user"("status", "created_at");

-- CreateIndex
CREATE INDEX "notification_user_id_created_at_idx" ON "user"."notification"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "notification_user_id_read_at_idx" ON "user"."notification"("user_id", "read_at");

-- CreateIndex
CREATE UNIQUE INDEX "notification_user_id_dedupe_key_key" ON "user"."notification"("user_id", "dedupe_key");

-- CreateIndex
CREATE INDEX "notification_delivery_status_next_attempt_at_idx" ON "user"."notification_delivery"("status", "next_attempt_at");

-- CreateIndex
CREATE UNIQUE INDEX "notification_delivery_notification_id_channel_key" ON "user"."notification_delivery"("notification_id", "channel");

-- CreateIndex
CREATE UNIQUE INDEX "notification_preference_user_id_channel_notification_type_key" ON "user"."notification_preference"("user_id", "channel", "notification_type");

-- CreateIndex
CREATE UNIQUE INDEX "admin_user_oidc_subject_key" ON "user"."admin_user"("oidc_subject");

-- CreateIndex
CREATE INDEX "admin_user_status_created_at_idx" ON "user"."admin_user"("status", "created_at");

-- CreateIndex
CREATE INDEX "admin_user_email_idx" ON "user"."admin_user"("email");

-- CreateIndex
CREATE UNIQUE INDEX "role_code_key" ON "user"."role"("code");

-- CreateIndex
CREATE UNIQUE INDEX "permission_code_key" ON "user"."permission"("code");

-- CreateIndex
CREATE INDEX "permission_module_idx" ON "user"."permission"("module");

-- CreateIndex
CREATE INDEX "role_permission_permission_id_idx" ON "user"."role_permission"("permission_id");

-- CreateIndex
CREATE INDEX "admin_user_role_role_id_idx" ON "user"."admin_user_role"("role_id");

-- CreateIndex
CREATE UNIQUE INDEX "api_key_prefix_key" ON "user"."api_key"("prefix");

-- CreateIndex
CREATE UNIQUE INDEX "api_key_key_hash_key" ON "user"."api_key"("key_hash");

-- CreateIndex
CREATE INDEX "api_key_is_enabled_created_at_idx" ON "user"."api_key"("is_enabled", "created_at");

-- CreateIndex
CREATE INDEX "api_key_created_by_idx" ON "user"."api_key"("created_by");

-- CreateIndex
CREATE UNIQUE INDEX "operation_log_seq_key" ON "user"."operation_log"("seq");

-- CreateIndex
CREATE UNIQUE INDEX "operation_log_hash_key" ON "user"."operation_log"("hash");

-- CreateIndex
CREATE INDEX "operation_log_created_at_idx" ON "user"."operation_log"("created_at");

-- CreateIndex
CREATE INDEX "operation_log_module_created_at_idx" ON "user"."operation_log"("module", "created_at");

-- CreateIndex
CREATE INDEX "operation_log_actor_id_created_at_idx" ON "user"."operation_log"("actor_id", "created_at");

-- CreateIndex
CREATE INDEX "operation_log_target_type_target_id_idx" ON "user"."operation_log"("target_type", "target_id");

-- AddForeignKey
ALTER TABLE "badge"."badge_series" ADD CONSTRAINT "badge_series_category_id_fkey" FOREIGN KEY ("category_id") REFERENCES "badge"."badge_category"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "badge"."badge" ADD CONSTRAINT "badge_category_id_fkey" FOREIGN KEY ("category_id") REFERENCES "badge"."badge_category"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "badge"."badge" ADD CONSTRAINT "badge_series_id_fkey" FOREIGN KEY ("series_id") REFERENCES "badge"."badge_series"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "badge"."badge_dependency_group" ADD CONSTRAINT "badge_dependency_group_badge_id_fkey" FOREIGN KEY ("badge_id") REFERENCES "badge"."badge"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "badge"."badge_dependency" ADD CONSTRAINT "badge_dependency_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "badge"."badge_dependency_group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "badge"."badge_dependency" ADD CONSTRAINT "badge_dependency_badge_id_fkey" FOREIGN KEY ("badge_id") REFERENCES "badge"."badge"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "badge"."badge_dependency" ADD CONSTRAINT "badge_dependency_required_badge_id_fkey" FOREIGN KEY ("required_badge_id") REFERENCES "badge"."badge"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "badge"."user_badge" ADD CONSTRAINT "user_badge_badge_id_fkey" FOREIGN KEY ("badge_id") REFERENCES "badge"."badge"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "badge"."user_badge_balance" ADD CONSTRAINT "user_badge_balance_badge_id_fkey" FOREIGN KEY ("badge_id") REFERENCES "badge"."badge"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "badge"."user_badge_log" ADD CONSTRAINT "user_badge_log_user_badge_id_fkey" FOREIGN KEY ("user_badge_id") REFERENCES "badge"."user_badge"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "badge"."batch_task" ADD CONSTRAINT "batch_task_badge_id_fkey" FOREIGN KEY ("badge_id") REFERENCES "badge"."badge"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "badge"."batch_task_failure" ADD CONSTRAINT "batch_task_failure_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "badge"."batch_task"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "benefit"."coupon_code" ADD CONSTRAINT "coupon_code_benefit_id_fkey" FOREIGN KEY ("benefit_id") REFERENCES "benefit"."benefit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "benefit"."coupon_code" ADD CONSTRAINT "coupon_code_benefit_grant_id_fkey" FOREIGN KEY ("benefit_grant_id") REFERENCES "benefit"."benefit_grant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "benefit"."badge_benefit" ADD CONSTRAINT "badge_benefit_benefit_id_fkey" FOREIGN KEY ("benefit_id") REFERENCES "benefit"."benefit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "benefit"."redemption_rule" ADD CONSTRAINT "redemption_rule_benefit_id_fkey" FOREIGN KEY ("benefit_id") REFERENCES "benefit"."benefit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "benefit"."redemption_rule_item" ADD CONSTRAINT "redemption_rule_item_redemption_rule_id_fkey" FOREIGN KEY ("redemption_rule_id") REFERENCES "benefit"."redemption_rule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "benefit"."redemption" ADD CONSTRAINT "redemption_redemption_rule_id_fkey" FOREIGN KEY ("redemption_rule_id") REFERENCES "benefit"."redemption_rule"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "benefit"."redemption" ADD CONSTRAINT "redemption_benefit_id_fkey" FOREIGN KEY ("benefit_id") REFERENCES "benefit"."benefit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "benefit"."redemption_item" ADD CONSTRAINT "redemption_item_redemption_id_fkey" FOREIGN KEY ("redemption_id") REFERENCES "benefit"."redemption"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "benefit"."benefit_grant" ADD CONSTRAINT "benefit_grant_benefit_id_fkey" FOREIGN KEY ("benefit_id") REFERENCES "benefit"."benefit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "benefit"."benefit_grant" ADD CONSTRAINT "benefit_grant_redemption_id_fkey" FOREIGN KEY ("redemption_id") REFERENCES "benefit"."redemption"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rule"."rule" ADD CONSTRAINT "rule_template_code_fkey" FOREIGN KEY ("template_code") REFERENCES "rule"."rule_template"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rule"."rule_version" ADD CONSTRAINT "rule_version_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "rule"."rule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rule"."rule_user_aggregate" ADD CONSTRAINT "rule_user_aggregate_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "rule"."rule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rule"."rule_user_grant_count" ADD CONSTRAINT "rule_user_grant_count_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "rule"."rule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user"."wall_preference" ADD CONSTRAINT "wall_preference_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user"."user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user"."notification" ADD CONSTRAINT "notification_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user"."user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user"."notification_delivery" ADD CONSTRAINT "notification_delivery_notification_id_fkey" FOREIGN KEY ("notification_id") REFERENCES "user"."notification"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user"."notification_preference" ADD CONSTRAINT "notification_preference_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user"."user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user"."role_permission" ADD CONSTRAINT "role_permission_role_id_fkey" FOREIGN KEY ("role_id") REFERENCES "user"."role"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user"."role_permission" ADD CONSTRAINT "role_permission_permission_id_fkey" FOREIGN KEY ("permission_id") REFERENCES "user"."permission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user"."admin_user_role" ADD CONSTRAINT "admin_user_role_admin_user_id_fkey" FOREIGN KEY ("admin_user_id") REFERENCES "user"."admin_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user"."admin_user_role" ADD CONSTRAINT "admin_user_role_role_id_fkey" FOREIGN KEY ("role_id") REFERENCES "user"."role"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user"."api_key" ADD CONSTRAINT "api_key_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "user"."admin_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- =============================================================================================
-- Hand-written below this line (Prisma cannot express CHECK constraints, partial indexes or
-- triggers; `migrate diff` ignores them, so they cause no drift). Keep prisma/README.md
-- "Database-level invariants" in sync with this list.
-- =============================================================================================

-- ---------------------------------------------------------------------------------------------
-- badge
-- ---------------------------------------------------------------------------------------------
ALTER TABLE "badge"."badge_category"
  ADD CONSTRAINT "badge_category_code_not_blank" CHECK (btrim("code") <> ''),
  ADD CONSTRAINT "badge_category_name_is_object" CHECK (jsonb_typeof("name") = 'object');

ALTER TABLE "badge"."badge_series"
  ADD CONSTRAINT "badge_series_code_not_blank" CHECK (btrim("code") <> ''),
  ADD CONSTRAINT "badge_series_name_is_object" CHECK (jsonb_typeof("name") = 'object'),
  ADD CONSTRAINT "badge_series_window_ordered" CHECK ("starts_at" IS NULL OR "ends_at" IS NULL OR "starts_at" < "ends_at");

ALTER TABLE "badge"."badge"
  ADD CONSTRAINT "badge_code_not_blank" CHECK (btrim("code") <> ''),
  ADD CONSTRAINT "badge_name_is_object" CHECK (jsonb_typeof("name") = 'object'),
  ADD CONSTRAINT "badge_description_is_object" CHECK ("description" IS NULL OR jsonb_typeof("description") = 'object'),
  ADD CONSTRAINT "badge_total_stock_non_negative" CHECK ("total_stock" IS NULL OR "total_stock" >= 0),
  ADD CONSTRAINT "badge_remaining_stock_non_negative" CHECK ("remaining_stock" IS NULL OR "remaining_stock" >= 0),
  ADD CONSTRAINT "badge_remaining_stock_within_total" CHECK ("remaining_stock" IS NULL OR "total_stock" IS NULL OR "remaining_stock" <= "total_stock"),
  -- both NULL = unlimited stock; both set = limited
  ADD CONSTRAINT "badge_stock_both_or_neither" CHECK (("total_stock" IS NULL) = ("remaining_stock" IS NULL)),
  ADD CONSTRAINT "badge_per_user_cap_positive" CHECK ("per_user_cap" IS NULL OR "per_user_cap" > 0),
  ADD CONSTRAINT "badge_valid_days_positive" CHECK ("valid_days" IS NULL OR "valid_days" > 0),
  ADD CONSTRAINT "badge_validity_consistent" CHECK (
    ("validity_kind" = 'NONE' AND "valid_from" IS NULL AND "valid_until" IS NULL AND "valid_days" IS NULL)
    OR ("validity_kind" = 'FIXED' AND "valid_until" IS NOT NULL AND "valid_days" IS NULL
        AND ("valid_from" IS NULL OR "valid_from" < "valid_until"))
    OR ("validity_kind" = 'RELATIVE' AND "valid_days" IS NOT NULL AND "valid_from" IS NULL AND "valid_until" IS NULL)
  ),
  ADD CONSTRAINT "badge_version_positive" CHECK ("version" > 0);

ALTER TABLE "badge"."badge_dependency"
  ADD CONSTRAINT "badge_dependency_not_self" CHECK ("required_badge_id" <> "badge_id"),
  ADD CONSTRAINT "badge_dependency_required_quantity_positive" CHECK ("required_quantity" > 0);

ALTER TABLE "badge"."user_badge"
  ADD CONSTRAINT "user_badge_quantity_positive" CHECK ("quantity" > 0),
  ADD CONSTRAINT "user_badge_user_id_not_blank" CHECK (btrim("user_id") <> ''),
  ADD CONSTRAINT "user_badge_idempotency_key_not_blank" CHECK (btrim("idempotency_key") <> ''),
  ADD CONSTRAINT "user_badge_revoked_has_time" CHECK ("status" <> 'REVOKED' OR "revoked_at" IS NOT NULL),
  ADD CONSTRAINT "user_badge_consumed_has_time" CHECK ("status" <> 'CONSUMED' OR "consumed_at" IS NOT NULL);

ALTER TABLE "badge"."user_badge_balance"
  ADD CONSTRAINT "user_badge_balance_active_non_negative" CHECK ("active_quantity" >= 0),
  ADD CONSTRAINT "user_badge_balance_total_non_negative" CHECK ("total_granted" >= 0),
  ADD CONSTRAINT "user_badge_balance_active_within_total" CHECK ("active_quantity" <= "total_granted");

ALTER TABLE "badge"."cascade_log"
  ADD CONSTRAINT "cascade_log_depth_positive" CHECK ("depth" > 0);

ALTER TABLE "badge"."batch_task"
  ADD CONSTRAINT "batch_task_quantity_positive" CHECK ("quantity" > 0),
  ADD CONSTRAINT "batch_task_counters_non_negative" CHECK (
    "total_rows" >= 0 AND "processed_rows" >= 0 AND "success_rows" >= 0 AND "failed_rows" >= 0
  );

ALTER TABLE "badge"."batch_task_failure"
  ADD CONSTRAINT "batch_task_failure_row_number_positive" CHECK ("row_number" > 0);

-- Expiry sweep (CronJob): active grants that can expire, oldest first.
CREATE INDEX "user_badge_active_expiry_idx" ON "badge"."user_badge" ("expires_at")
  WHERE "status" = 'ACTIVE' AND "expires_at" IS NOT NULL;

-- docs/CONTRACTS.md: the relay scans unpublished outbox rows in creation order.
CREATE INDEX "outbox_event_unpublished_idx" ON "badge"."outbox_event" ("created_at") WHERE "published_at" IS NULL;

-- ---------------------------------------------------------------------------------------------
-- rule
-- ---------------------------------------------------------------------------------------------
ALTER TABLE "rule"."rule_template"
  ADD CONSTRAINT "rule_template_code_format" CHECK ("code" ~ '^[a-z][a-z0-9_]*$'),
  ADD CONSTRAINT "rule_template_parameter_schema_is_object" CHECK (jsonb_typeof("parameter_schema") = 'object');

ALTER TABLE "rule"."rule"
  ADD CONSTRAINT "rule_name_not_blank" CHECK (btrim("name") <> ''),
  ADD CONSTRAINT "rule_params_is_object" CHECK (jsonb_typeof("params") = 'object'),
  ADD CONSTRAINT "rule_current_version_positive" CHECK ("current_version" IS NULL OR "current_version" > 0),
  ADD CONSTRAINT "rule_per_user_grant_limit_positive" CHECK ("per_user_grant_limit" IS NULL OR "per_user_grant_limit" > 0),
  ADD CONSTRAINT "rule_grant_quantity_positive" CHECK ("grant_quantity" > 0),
  ADD CONSTRAINT "rule_lock_version_positive" CHECK ("lock_version" > 0),
  ADD CONSTRAINT "rule_active_window_ordered" CHECK ("active_from" IS NULL OR "active_until" IS NULL OR "active_from" < "active_until"),
  -- a published rule is evaluated from a version and must listen to at least one event type
  ADD CONSTRAINT "rule_published_is_complete" CHECK (
    "status" <> 'PUBLISHED' OR ("current_version" IS NOT NULL AND cardinality("event_types") > 0)
  );

ALTER TABLE "rule"."rule_version"
  ADD CONSTRAINT "rule_version_version_positive" CHECK ("version" > 0),
  ADD CONSTRAINT "rule_version_event_types_not_empty" CHECK (cardinality("event_types") > 0),
  ADD CONSTRAINT "rule_version_params_is_object" CHECK (jsonb_typeof("params") = 'object'),
  ADD CONSTRAINT "rule_version_per_user_grant_limit_positive" CHECK ("per_user_grant_limit" IS NULL OR "per_user_grant_limit" > 0),
  ADD CONSTRAINT "rule_version_grant_quantity_positive" CHECK ("grant_quantity" > 0);

ALTER TABLE "rule"."rule_user_aggregate"
  ADD CONSTRAINT "rule_user_aggregate_counters_non_negative" CHECK (
    "event_count" >= 0 AND "current_streak" >= 0 AND "longest_streak" >= 0 AND "distinct_days" >= 0
  ),
  ADD CONSTRAINT "rule_user_aggregate_longest_streak" CHECK ("longest_streak" >= "current_streak"),
  ADD CONSTRAINT "rule_user_aggregate_window_is_object" CHECK (jsonb_typeof("window") = 'object');

ALTER TABLE "rule"."rule_user_grant_count"
  ADD CONSTRAINT "rule_user_grant_count_non_negative" CHECK ("grant_count" >= 0);

-- A published version is history: it can be deleted with its rule, never changed.
CREATE FUNCTION "rule"."refuse_rule_version_update"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'rule.rule_version is immutable (rule %, version %)', OLD.rule_id, OLD.version
    USING ERRCODE = 'P0001', HINT = 'publish a new version instead';
END
$fn$;
CREATE TRIGGER "rule_version_immutable" BEFORE UPDATE ON "rule"."rule_version"
  FOR EACH ROW EXECUTE FUNCTION "rule"."refuse_rule_version_update"();

CREATE INDEX "outbox_event_unpublished_idx" ON "rule"."outbox_event" ("created_at") WHERE "published_at" IS NULL;

-- ---------------------------------------------------------------------------------------------
-- benefit
-- ---------------------------------------------------------------------------------------------
ALTER TABLE "benefit"."benefit"
  ADD CONSTRAINT "benefit_code_not_blank" CHECK (btrim("code") <> ''),
  ADD CONSTRAINT "benefit_name_is_object" CHECK (jsonb_typeof("name") = 'object'),
  ADD CONSTRAINT "benefit_description_is_object" CHECK ("description" IS NULL OR jsonb_typeof("description") = 'object'),
  ADD CONSTRAINT "benefit_config_is_object" CHECK (jsonb_typeof("config") = 'object'),
  ADD CONSTRAINT "benefit_total_stock_non_negative" CHECK ("total_stock" IS NULL OR "total_stock" >= 0),
  ADD CONSTRAINT "benefit_remaining_stock_non_negative" CHECK ("remaining_stock" IS NULL OR "remaining_stock" >= 0),
  ADD CONSTRAINT "benefit_remaining_stock_within_total" CHECK ("remaining_stock" IS NULL OR "total_stock" IS NULL OR "remaining_stock" <= "total_stock"),
  ADD CONSTRAINT "benefit_stock_both_or_neither" CHECK (("total_stock" IS NULL) = ("remaining_stock" IS NULL)),
  ADD CONSTRAINT "benefit_per_user_limit_positive" CHECK ("per_user_limit" IS NULL OR "per_user_limit" > 0),
  ADD CONSTRAINT "benefit_valid_days_positive" CHECK ("valid_days" IS NULL OR "valid_days" > 0),
  ADD CONSTRAINT "benefit_validity_consistent" CHECK (
    ("validity_kind" = 'NONE' AND "valid_from" IS NULL AND "valid_until" IS NULL AND "valid_days" IS NULL)
    OR ("validity_kind" = 'FIXED' AND "valid_until" IS NOT NULL AND "valid_days" IS NULL
        AND ("valid_from" IS NULL OR "valid_from" < "valid_until"))
    OR ("validity_kind" = 'RELATIVE' AND "valid_days" IS NOT NULL AND "valid_from" IS NULL AND "valid_until" IS NULL)
  ),
  ADD CONSTRAINT "benefit_version_positive" CHECK ("version" > 0);

ALTER TABLE "benefit"."coupon_code"
  ADD CONSTRAINT "coupon_code_code_not_blank" CHECK (btrim("code") <> ''),
  -- an available code belongs to nobody; a reserved or issued code belongs to exactly one grant
  ADD CONSTRAINT "coupon_code_available_unassigned" CHECK ("status" <> 'AVAILABLE' OR "benefit_grant_id" IS NULL),
  ADD CONSTRAINT "coupon_code_assigned_has_grant" CHECK ("status" NOT IN ('RESERVED', 'ISSUED') OR "benefit_grant_id" IS NOT NULL);

ALTER TABLE "benefit"."badge_benefit"
  ADD CONSTRAINT "badge_benefit_quantity_positive" CHECK ("quantity" > 0);

ALTER TABLE "benefit"."redemption_rule"
  ADD CONSTRAINT "redemption_rule_code_not_blank" CHECK (btrim("code") <> ''),
  ADD CONSTRAINT "redemption_rule_name_is_object" CHECK (jsonb_typeof("name") = 'object'),
  ADD CONSTRAINT "redemption_rule_benefit_quantity_positive" CHECK ("benefit_quantity" > 0),
  ADD CONSTRAINT "redemption_rule_per_user_limit_positive" CHECK ("per_user_limit" IS NULL OR "per_user_limit" > 0),
  ADD CONSTRAINT "redemption_rule_active_window_ordered" CHECK ("active_from" IS NULL OR "active_until" IS NULL OR "active_from" < "active_until");

ALTER TABLE "benefit"."redemption_rule_item"
  ADD CONSTRAINT "redemption_rule_item_quantity_positive" CHECK ("quantity" > 0);

ALTER TABLE "benefit"."redemption"
  ADD CONSTRAINT "redemption_idempotency_key_not_blank" CHECK (btrim("idempotency_key") <> '');

ALTER TABLE "benefit"."redemption_item"
  ADD CONSTRAINT "redemption_item_quantity_positive" CHECK ("quantity" > 0);

ALTER TABLE "benefit"."benefit_grant"
  ADD CONSTRAINT "benefit_grant_quantity_positive" CHECK ("quantity" > 0),
  ADD CONSTRAINT "benefit_grant_attempts_non_negative" CHECK ("attempts" >= 0),
  ADD CONSTRAINT "benefit_grant_idempotency_key_not_blank" CHECK (btrim("idempotency_key") <> ''),
  -- provenance: a redemption grant names its redemption, an auto grant the badge grant behind it
  ADD CONSTRAINT "benefit_grant_redemption_has_ref" CHECK ("source" <> 'REDEMPTION' OR "redemption_id" IS NOT NULL),
  ADD CONSTRAINT "benefit_grant_auto_has_badge_grant" CHECK ("source" <> 'AUTO' OR "source_badge_grant_id" IS NOT NULL);

-- One auto-benefit grant per (badge grant, benefit), whatever idempotency key a caller builds.
CREATE UNIQUE INDEX "benefit_grant_auto_once_key" ON "benefit"."benefit_grant" ("source_badge_grant_id", "benefit_id")
  WHERE "source" = 'AUTO';

-- Coupon allocation: `… WHERE benefit_id = $1 AND status = 'AVAILABLE' ORDER BY created_at
-- LIMIT n FOR UPDATE SKIP LOCKED`.
CREATE INDEX "coupon_code_available_idx" ON "benefit"."coupon_code" ("benefit_id", "created_at")
  WHERE "status" = 'AVAILABLE';

-- Expiry sweep of granted benefits.
CREATE INDEX "benefit_grant_active_expiry_idx" ON "benefit"."benefit_grant" ("expires_at")
  WHERE "status" = 'GRANTED' AND "expires_at" IS NOT NULL;

CREATE INDEX "outbox_event_unpublished_idx" ON "benefit"."outbox_event" ("created_at") WHERE "published_at" IS NULL;

-- ---------------------------------------------------------------------------------------------
-- user
-- ---------------------------------------------------------------------------------------------
ALTER TABLE "user"."user"
  ADD CONSTRAINT "user_external_id_not_blank" CHECK (btrim("external_id") <> ''),
  -- encrypted PII always carries the key that encrypted it and its lookup index
  ADD CONSTRAINT "user_phone_encrypted_with_key" CHECK (("phone_ciphertext" IS NULL) = ("phone_key_id" IS NULL)),
  ADD CONSTRAINT "user_phone_has_blind_index" CHECK (("phone_ciphertext" IS NULL) = ("phone_blind_index" IS NULL)),
  ADD CONSTRAINT "user_email_encrypted_with_key" CHECK (("email_ciphertext" IS NULL) = ("email_key_id" IS NULL)),
  ADD CONSTRAINT "user_email_has_blind_index" CHECK (("email_ciphertext" IS NULL) = ("email_blind_index" IS NULL));

ALTER TABLE "user"."notification_delivery"
  ADD CONSTRAINT "notification_delivery_attempts_non_negative" CHECK ("attempts" >= 0);

ALTER TABLE "user"."role"
  ADD CONSTRAINT "role_code_format" CHECK ("code" ~ '^[a-z][a-z0-9_]*$');

ALTER TABLE "user"."permission"
  ADD CONSTRAINT "permission_code_format" CHECK ("code" ~ '^[a-z][a-z0-9_]*:[a-z][a-z0-9_]*:[a-z][a-z0-9_]*$'),
  ADD CONSTRAINT "permission_code_matches_parts" CHECK ("code" = "module" || ':' || "resource" || ':' || "action");

ALTER TABLE "user"."api_key"
  ADD CONSTRAINT "api_key_name_not_blank" CHECK (btrim("name") <> ''),
  ADD CONSTRAINT "api_key_prefix_not_blank" CHECK (btrim("prefix") <> ''),
  ADD CONSTRAINT "api_key_key_hash_sha256_hex" CHECK ("key_hash" ~ '^[0-9a-f]{64}$'),
  ADD CONSTRAINT "api_key_rate_limit_positive" CHECK ("rate_limit_per_minute" IS NULL OR "rate_limit_per_minute" > 0);

ALTER TABLE "user"."operation_log"
  ADD CONSTRAINT "operation_log_seq_positive" CHECK ("seq" > 0),
  ADD CONSTRAINT "operation_log_hash_sha256_hex" CHECK ("hash" ~ '^[0-9a-f]{64}$'),
  ADD CONSTRAINT "operation_log_prev_hash_sha256_hex" CHECK ("prev_hash" IS NULL OR "prev_hash" ~ '^[0-9a-f]{64}$'),
  -- only the first entry of the chain has no predecessor
  ADD CONSTRAINT "operation_log_chain_start" CHECK (("seq" = 1) = ("prev_hash" IS NULL));

-- The operation log is append-only: UPDATE, DELETE and TRUNCATE are refused (retention purges run
-- as a maintenance task with `SET session_replication_role = replica`).
CREATE FUNCTION "user"."refuse_operation_log_change"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'user.operation_log is append-only (% refused)', TG_OP
    USING ERRCODE = 'P0001', HINT = 'operation log entries can only be inserted';
END
$fn$;
CREATE TRIGGER "operation_log_append_only" BEFORE UPDATE OR DELETE ON "user"."operation_log"
  FOR EACH ROW EXECUTE FUNCTION "user"."refuse_operation_log_change"();
CREATE TRIGGER "operation_log_no_truncate" BEFORE TRUNCATE ON "user"."operation_log"
  FOR EACH STATEMENT EXECUTE FUNCTION "user"."refuse_operation_log_change"();

-- Unread badge in the client inbox.
CREATE INDEX "notification_unread_idx" ON "user"."notification" ("user_id", "created_at") WHERE "read_at" IS NULL;

CREATE INDEX "outbox_event_unpublished_idx" ON "user"."outbox_event" ("created_at") WHERE "published_at" IS NULL;
