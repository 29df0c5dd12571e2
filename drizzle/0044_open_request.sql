-- Opens a request's transaction in one statement instead of four: acts for the person, finds their
-- active membership (in the workspace asked for, or their oldest), and — when they are a member and
-- the workspace's second-factor rule lets them in — sets the workspace, where from, which key, and
-- whether they see records private to others. Runs as the caller (row-level security applies to
-- every read here too). Who sees private records stays decided in TypeScript's permission table:
-- the caller passes the roles that do, for a workspace with private records and for one without.
-- Returns the membership with the facts the caller needs to refuse with a sentence; when it is
-- refused, no workspace is set (and the caller rolls back anyway).
CREATE OR REPLACE FUNCTION open_request(
  p_user uuid,
  p_workspace uuid,
  p_client_ip text,
  p_api_key uuid,
  p_role text,
  p_private_seers text[],
  p_open_seers text[]
)
RETURNS TABLE (
  workspace_id uuid,
  workspace_name text,
  role text,
  private_records boolean,
  require_two_factor boolean,
  has_second_factor boolean,
  acting_role text
)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  m record;
  r text;
BEGIN
  PERFORM set_config('app.user_id', p_user::text, true);
  SELECT ms.workspace_id, w.name, ms.role::text AS role, w.private_records, w.require_two_factor,
         (SELECT u.totp_enabled_at IS NOT NULL FROM users u WHERE u.id = p_user) AS has_second_factor
    INTO m
    FROM memberships ms
    JOIN workspaces w ON w.id = ms.workspace_id
   WHERE ms.user_id = p_user AND ms.disabled_at IS NULL
     AND (p_workspace IS NULL OR ms.workspace_id = p_workspace)
   ORDER BY ms.created_at
   LIMIT 1;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  r := coalesce(p_role, m.role);
  -- An API key is a machine with its own secret and scopes: the second-factor rule is for people.
  IF p_api_key IS NOT NULL OR NOT m.require_two_factor OR coalesce(m.has_second_factor, false) THEN
    PERFORM set_config('app.workspace_id', m.workspace_id::text, true),
            set_config('app.client_ip', coalesce(p_client_ip, ''), true),
            set_config('app.api_key_id', coalesce(p_api_key::text, ''), true),
            set_config('app.sees_private',
              CASE WHEN r = ANY (CASE WHEN m.private_records THEN p_private_seers ELSE p_open_seers END) THEN 'on' ELSE 'off' END, true);
  END IF;
  RETURN QUERY SELECT m.workspace_id, m.name, m.role, m.private_records, m.require_two_factor, coalesce(m.has_second_factor, false), r;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION open_request(uuid, uuid, text, uuid, text, text[], text[]) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION open_request(uuid, uuid, text, uuid, text, text[], text[]) TO mycrm_app;
