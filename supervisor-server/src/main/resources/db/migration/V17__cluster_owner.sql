-- V17: active/standby server nodes on one PostgreSQL (storage.failover, docs/CLUSTER.md). The node holding the
-- owner advisory lock bumps the epoch when it takes over; the store's writer checks the epoch (FOR SHARE) in every
-- transaction, so a former owner that lost the lock cannot commit once the new owner has bumped it.
-- One row, present on every database (H2 too, where failover is refused by the configuration check).
CREATE TABLE cluster_owner (
    id INTEGER PRIMARY KEY,
    epoch BIGINT NOT NULL,
    node_id VARCHAR(64) NOT NULL,
    since TIMESTAMP WITH TIME ZONE
);
INSERT INTO cluster_owner (id, epoch, node_id, since) VALUES (1, 0, '', NULL);
