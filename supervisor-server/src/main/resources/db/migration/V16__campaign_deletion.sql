-- V16: a campaign created in the browser can be deleted (issue 18, DELETE /api/campaigns/{id}). The deletion is soft:
-- the definition stays with who deleted it and when, so its id is not reused and its call list, attempts and figures
-- keep their history (campaign_records and campaign_attempts are not touched). A deleted campaign is not read at
-- start-up. Portable SQL for H2 (MODE=PostgreSQL) and PostgreSQL.
ALTER TABLE campaign_definitions ADD COLUMN deleted_by VARCHAR(64);
ALTER TABLE campaign_definitions ADD COLUMN deleted_at TIMESTAMP WITH TIME ZONE;
