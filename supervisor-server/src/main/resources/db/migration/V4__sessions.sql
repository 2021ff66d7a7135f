-- V4: bearer sessions, so a restart logs nobody out (docs/SECURITY.md, "Sessions").
-- Only a SHA-256 hash of each token is kept: the token is 256 random bits, so a hash of it cannot be guessed back
-- and a stolen table gives no working token. Portable SQL for H2 (MODE=PostgreSQL) and PostgreSQL.

CREATE TABLE sessions (
    token_hash    VARCHAR(64)  PRIMARY KEY,            -- hex SHA-256 of the token
    username      VARCHAR(128) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked       BOOLEAN      NOT NULL DEFAULT FALSE,  -- logout
    revoked_at    TIMESTAMP WITH TIME ZONE,
    login_address VARCHAR(64)                           -- where the login came from
);
CREATE INDEX sessions_expires_at ON sessions (expires_at);
