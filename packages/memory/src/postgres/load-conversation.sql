-- A live conversation with its turns and summaries, in one statement (one
-- snapshot: the turns match the version). $1 id, $2 now.
SELECT c.id, c.version, c.metadata, c.created_at, c.updated_at, c.expires_at,
       (SELECT coalesce(json_agg(json_build_object(
                 'version', t.version, 'format', t.format, 'status', t.status,
                 'messages', t.messages, 'usage', t.usage,
                 'created_at', (extract(epoch FROM t.created_at) * 1000)::bigint)
               ORDER BY t.version), '[]'::json)
          FROM {{schema}}.llm_turns t WHERE t.conversation_id = c.id) AS turns,
       (SELECT coalesce(json_agg(json_build_object(
                 'from_version', s.from_version, 'to_version', s.to_version, 'text', s.text,
                 'model', s.model, 'usage', s.usage,
                 'created_at', (extract(epoch FROM s.created_at) * 1000)::bigint)
               ORDER BY s.to_version, s.from_version), '[]'::json)
          FROM {{schema}}.llm_summaries s WHERE s.conversation_id = c.id) AS summaries
  FROM {{schema}}.llm_conversations c
 WHERE c.id = $1 AND (c.expires_at IS NULL OR c.expires_at > $2)
