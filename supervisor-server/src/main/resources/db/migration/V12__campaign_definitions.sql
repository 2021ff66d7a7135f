-- V12: campaigns created and edited by admins in the browser (issue 18). The definition is the campaign's JSON, the
-- keys of one outbound.campaigns[] item of the configuration file, read back with the configuration's schema and
-- checks (dev.cti.config.CampaignDefinition). The configuration's campaigns are not stored here: their ids are
-- refused. Portable SQL for H2 (MODE=PostgreSQL) and PostgreSQL.
CREATE TABLE campaign_definitions (
    id          VARCHAR(64)     PRIMARY KEY,
    definition  VARCHAR(300000) NOT NULL,
    created_by  VARCHAR(64)     NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by  VARCHAR(64)     NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
