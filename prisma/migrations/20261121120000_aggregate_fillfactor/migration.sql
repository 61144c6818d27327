-- The rule worker rewrites a (rule, user) aggregate row on most events of that user. With free
-- space left in each page, PostgreSQL can make those updates HOT (the new row version on the same
-- page, no new index entries in the primary key or the user index) and prune old versions in place,
-- instead of writing two index entries per update and leaving the table to bloat until VACUUM.
-- Storage parameters only: nothing for Prisma's schema, no data rewritten (new pages use it).
ALTER TABLE "rule"."rule_user_aggregate" SET (fillfactor = 70);
ALTER TABLE "rule"."rule_user_grant_count" SET (fillfactor = 80);
