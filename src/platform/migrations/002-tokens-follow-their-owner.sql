-- Every token records who or what created it: a console user (created_by), another token
-- (created_by_token, whose owner it inherits), or the CLI on the server.
ALTER TABLE api_tokens ADD COLUMN IF NOT EXISTS created_by_token bigint REFERENCES api_tokens ON DELETE SET NULL;
ALTER TABLE api_tokens ADD COLUMN IF NOT EXISTS created_via text NOT NULL DEFAULT 'user';
ALTER TABLE api_tokens DROP CONSTRAINT IF EXISTS api_tokens_created_via_check;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_created_via_check CHECK (created_via IN ('user', 'token', 'cli'));
-- Tokens made before this migration without a user were made by the CLI.
UPDATE api_tokens SET created_via = 'cli' WHERE created_by IS NULL AND created_via = 'user';
CREATE INDEX IF NOT EXISTS api_tokens_created_by ON api_tokens (created_by) WHERE revoked_at IS NULL;
