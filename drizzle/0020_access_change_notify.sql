-- Access changes: when a membership's role changes or it ends, its workspace and user are
-- announced on commit, so open websockets and live subscriptions are closed or re-checked at once.
CREATE OR REPLACE FUNCTION notify_access_changes() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('access_changes', json_build_object('w', OLD.workspace_id, 'u', OLD.user_id)::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER memberships_notify_access AFTER UPDATE OR DELETE ON "memberships" FOR EACH ROW EXECUTE FUNCTION notify_access_changes();
