-- Indexes for the console dashboard (badgeStats, benefitStats): range scans on the grant and
-- completion timestamps of the last 1..90 days instead of full scans. user_badge's index carries
-- user_id so distinct grantees in a window are counted from the index alone.
-- CreateIndex
CREATE INDEX "user_badge_granted_at_user_id_idx" ON "badge"."user_badge"("granted_at", "user_id");

-- CreateIndex
CREATE INDEX "redemption_completed_at_idx" ON "benefit"."redemption"("completed_at");

-- CreateIndex
CREATE INDEX "benefit_grant_granted_at_idx" ON "benefit"."benefit_grant"("granted_at");
