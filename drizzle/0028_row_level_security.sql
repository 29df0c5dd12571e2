-- Tenant isolation in the database itself. The application connects as mycrm_app: it owns no
-- table and has no BYPASSRLS, so every row it reads or writes is filtered by the workspace set on
-- its transaction (`app.workspace_id`). Migrations run as the owner. A query with no workspace
-- set sees nothing and can write nothing.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'mycrm_app') THEN
    CREATE ROLE mycrm_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
  END IF;
END $$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO mycrm_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO mycrm_app;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO mycrm_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO mycrm_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO mycrm_app;
--> statement-breakpoint
-- The workspace and the person a transaction acts for (unset: null, and nothing matches).
CREATE OR REPLACE FUNCTION app_workspace() RETURNS uuid LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('app.workspace_id', true), '')::uuid $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app_user() RETURNS uuid LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;
--> statement-breakpoint
-- Every table with a workspace_id: rows of the transaction's workspace only, both ways.
DO $$
DECLARE t text;
BEGIN
  FOR t IN
    SELECT c.table_name FROM information_schema.columns c
    JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name AND tb.table_type = 'BASE TABLE'
    WHERE c.table_schema = 'public' AND c.column_name = 'workspace_id' AND c.table_name <> 'memberships'
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY workspace_isolation ON %I USING (workspace_id = app_workspace()) WITH CHECK (workspace_id = app_workspace())', t);
  END LOOP;
END $$;
--> statement-breakpoint
-- Memberships: those of the transaction's workspace, and the person's own (to find their workspaces).
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY membership_visibility ON memberships USING (workspace_id = app_workspace() OR user_id = app_user())
  WITH CHECK (workspace_id = app_workspace());
--> statement-breakpoint
-- The two lookups that must find a row before its workspace is known run as the owner, each
-- answering one narrow question.
-- Which workspace a collaborative document belongs to (a live record, a task, a shared document).
CREATE OR REPLACE FUNCTION workspace_of_document(kind text, doc_id uuid) RETURNS TABLE (workspace_id uuid, object text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF kind = 'company' THEN RETURN QUERY SELECT c.workspace_id, 'company'::text FROM companies c WHERE c.id = doc_id AND c.deleted_at IS NULL;
  ELSIF kind = 'contact' THEN RETURN QUERY SELECT c.workspace_id, 'contact'::text FROM contacts c WHERE c.id = doc_id AND c.deleted_at IS NULL;
  ELSIF kind = 'deal' THEN RETURN QUERY SELECT d.workspace_id, 'deal'::text FROM deals d WHERE d.id = doc_id AND d.deleted_at IS NULL;
  ELSIF kind = 'lead' THEN RETURN QUERY SELECT l.workspace_id, 'lead'::text FROM leads l WHERE l.id = doc_id AND l.deleted_at IS NULL;
  ELSIF kind = 'task' THEN RETURN QUERY SELECT t.workspace_id, 'task'::text FROM tasks t WHERE t.id = doc_id;
  ELSIF kind = 'document' THEN RETURN QUERY SELECT s.workspace_id, s.record_type::text FROM shared_documents s WHERE s.id = doc_id AND s.deleted_at IS NULL;
  END IF;
END $$;
--> statement-breakpoint
-- An API key by the hash of its secret (not revoked, its creator still an active member); its
-- last use recorded at most once a minute.
CREATE OR REPLACE FUNCTION authenticate_api_key(hash text)
RETURNS TABLE (key_id uuid, key_workspace uuid, key_user uuid, key_access text, key_objects text[], creator_role text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE r record;
BEGIN
  SELECT k.id, k.workspace_id, k.created_by, k.access::text AS access, k.objects::text[] AS objects, m.role::text AS role, k.last_used_at
    INTO r
    FROM api_keys k
    JOIN memberships m ON m.workspace_id = k.workspace_id AND m.user_id = k.created_by AND m.disabled_at IS NULL
   WHERE k.secret_hash = hash AND k.revoked_at IS NULL
   LIMIT 1;
  IF NOT FOUND THEN RETURN; END IF;
  IF r.last_used_at IS NULL OR r.last_used_at < now() - interval '1 minute' THEN
    UPDATE api_keys SET last_used_at = now() WHERE api_keys.workspace_id = r.workspace_id AND api_keys.id = r.id;
  END IF;
  RETURN QUERY SELECT r.id, r.workspace_id, r.created_by, r.access, r.objects, r.role;
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION workspace_of_document(text, uuid) FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION authenticate_api_key(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION workspace_of_document(text, uuid) TO mycrm_app;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION authenticate_api_key(text) TO mycrm_app;
