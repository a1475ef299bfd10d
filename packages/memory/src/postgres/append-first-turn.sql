-- Appends turn 1 to conversation $1, creating it, or filling one that
-- create() left empty (version 0). Runs after the store deleted the
-- conversation if it had expired, in the same transaction. A concurrent first
-- append waits on the unique key, then finds version 1 and writes nothing.
-- $2 now, $3 format, $4 status, $5 messages, $6 usage, $7 the store's default TTL in ms.
WITH bumped AS (
  INSERT INTO {{schema}}.llm_conversations AS c
         (id, version, metadata, created_at, updated_at, ttl_ms, expires_at)
  VALUES ($1, 1, '{}', $2, $2, $7, $2::timestamptz + $7::bigint * interval '1 millisecond')
  ON CONFLICT (id) DO UPDATE
     SET version = 1,
         updated_at = EXCLUDED.updated_at,
         expires_at = EXCLUDED.updated_at + c.ttl_ms * interval '1 millisecond'
   WHERE c.version = 0
  RETURNING c.id, c.version
)
INSERT INTO {{schema}}.llm_turns (conversation_id, version, format, status, messages, usage, created_at)
SELECT id, version, $3, $4, $5, $6, $2 FROM bumped
RETURNING version
