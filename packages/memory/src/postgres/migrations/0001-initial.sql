-- @org/llm-memory PostgreSQL schema, version 1. {{schema}} is replaced by
-- the store's schema (a quoted identifier).

CREATE TABLE {{schema}}.llm_conversations (
  id text PRIMARY KEY,
  -- Number of turns; an append at version n writes turn n + 1.
  version integer NOT NULL,
  -- Application metadata, a JSON object.
  metadata jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  -- Time to live after the last change; NULL: the conversation never expires.
  ttl_ms bigint,
  expires_at timestamptz
);

CREATE INDEX llm_conversations_expires_at ON {{schema}}.llm_conversations (expires_at)
  WHERE expires_at IS NOT NULL;

CREATE TABLE {{schema}}.llm_turns (
  conversation_id text NOT NULL REFERENCES {{schema}}.llm_conversations (id) ON DELETE CASCADE,
  -- The turn's number, 1 for the first: the primary key allows each number once.
  version integer NOT NULL,
  -- Format of the row's JSON (see turnFormat in turn-codec.ts).
  format integer NOT NULL,
  -- 'complete' or 'interrupted'.
  status text NOT NULL,
  -- The turn's messages, a JSON array (json, not jsonb: kept as written).
  messages json NOT NULL,
  -- Token usage, a JSON object, or NULL.
  usage json,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (conversation_id, version)
);

CREATE TABLE {{schema}}.llm_summaries (
  conversation_id text NOT NULL REFERENCES {{schema}}.llm_conversations (id) ON DELETE CASCADE,
  from_version integer NOT NULL,
  to_version integer NOT NULL,
  text text NOT NULL,
  model text,
  usage json,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (conversation_id, from_version, to_version)
);
