-- Appends turn $2 + 1 to conversation $1 if it still holds version $2: the
-- version check and both writes are one statement, so one transaction. A
-- concurrent append to the same conversation waits for the row lock, then
-- finds another version and writes nothing (the store reports a conflict).
-- $3 now, $4 format, $5 status, $6 messages, $7 usage.
WITH bumped AS (
  UPDATE {{schema}}.llm_conversations
     SET version = version + 1,
         updated_at = $3,
         expires_at = $3::timestamptz + ttl_ms * interval '1 millisecond'
   WHERE id = $1
     AND version = $2
     AND (expires_at IS NULL OR expires_at > $3)
  RETURNING id, version
)
INSERT INTO {{schema}}.llm_turns (conversation_id, version, format, status, messages, usage, created_at)
SELECT id, version, $4, $5, $6, $7, $3 FROM bumped
RETURNING version
