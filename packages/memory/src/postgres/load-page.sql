-- A live conversation and its newest $4 turns before version $3, in one
-- statement. $1 id, $2 now.
SELECT c.id, c.version, c.metadata, c.created_at, c.updated_at, c.expires_at,
       (SELECT coalesce(json_agg(json_build_object(
                 'version', p.version, 'format', p.format, 'status', p.status,
                 'messages', p.messages, 'usage', p.usage,
                 'created_at', (extract(epoch FROM p.created_at) * 1000)::bigint)
               ORDER BY p.version), '[]'::json)
          FROM (SELECT * FROM {{schema}}.llm_turns t
                 WHERE t.conversation_id = c.id AND t.version < $3
                 ORDER BY t.version DESC LIMIT $4) p) AS turns
  FROM {{schema}}.llm_conversations c
 WHERE c.id = $1 AND (c.expires_at IS NULL OR c.expires_at > $2)
