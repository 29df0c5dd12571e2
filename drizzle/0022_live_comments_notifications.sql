-- A person's notifications changed (a new one, one read): {"w": workspace, "u": user}, on commit.
CREATE OR REPLACE FUNCTION notify_notification_changes() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('notification_changes', json_build_object('w', NEW.workspace_id, 'u', NEW.user_id)::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER notifications_notify AFTER INSERT OR UPDATE ON "notifications" FOR EACH ROW EXECUTE FUNCTION notify_notification_changes();
--> statement-breakpoint
CREATE TRIGGER comments_notify_insert AFTER INSERT ON "comments" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_record_changes('comment');
--> statement-breakpoint
CREATE TRIGGER comments_notify_update AFTER UPDATE ON "comments" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_record_changes('comment');
