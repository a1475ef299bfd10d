-- @org/llm-memory SQLite schema, version 1.
-- Times are milliseconds since 1970 (UTC), written by the client.

CREATE TABLE llm_conversations (
  id TEXT PRIMARY KEY NOT NULL,
  -- Number of turns; an append at version n writes turn n + 1.
  version INTEGER NOT NULL,
  -- Application metadata, a JSON object.
  metadata TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  -- Time to live after the last change; NULL: the conversation never expires.
  ttl_ms INTEGER,
  expires_at INTEGER
) STRICT;

CREATE INDEX llm_conversations_expires_at ON llm_conversations (expires_at)
  WHERE expires_at IS NOT NULL;

CREATE TABLE llm_turns (
  conversation_id TEXT NOT NULL REFERENCES llm_conversations (id) ON DELETE CASCADE,
  -- The turn's number, 1 for the first: the primary key allows each number once.
  version INTEGER NOT NULL,
  -- Format of the row's JSON (see turnFormat in turn-codec.ts).
  format INTEGER NOT NULL,
  -- 'complete' or 'interrupted'.
  status TEXT NOT NULL,
  -- The turn's messages, a JSON array.
  messages TEXT NOT NULL,
  -- Token usage, a JSON object, or NULL.
  usage TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, version)
) STRICT, WITHOUT ROWID;

CREATE TABLE llm_summaries (
  conversation_id TEXT NOT NULL REFERENCES llm_conversations (id) ON DELETE CASCADE,
  from_version INTEGER NOT NULL,
  to_version INTEGER NOT NULL,
  text TEXT NOT NULL,
  model TEXT,
  usage TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, from_version, to_version)
) STRICT, WITHOUT ROWID;
