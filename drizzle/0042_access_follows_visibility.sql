ALTER TABLE "users" ADD COLUMN "email_verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_workspace_id_user_id_memberships_workspace_id_user_id_fk" FOREIGN KEY ("workspace_id","user_id") REFERENCES "public"."memberships"("workspace_id","user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Accounts that already proved their email: those made through an invitation or single sign-on.
UPDATE users u SET email_verified_at = coalesce(u.created_at, now())
 WHERE EXISTS (SELECT 1 FROM invitations i WHERE i.accepted_by = u.id) OR EXISTS (SELECT 1 FROM user_identities x WHERE x.user_id = u.id);
--> statement-breakpoint
-- A notification about a record is as private as the record (one sent before it became private too).
CREATE POLICY private_records ON notifications AS RESTRICTIVE
  USING (record_type IS NULL OR app_sees_private() OR record_visible(record_type, record_id))
  WITH CHECK (record_type IS NULL OR app_sees_private() OR record_visible(record_type, record_id));
--> statement-breakpoint
-- Who may see what changed: the collab-server checks the open documents again at once. A record's
-- visibility or team (everyone in the workspace), a team's members (that person), the workspace
-- allowing private records or not (everyone).
CREATE OR REPLACE FUNCTION notify_visibility_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'team_members' THEN
    PERFORM pg_notify('access_changes', json_build_object('w', coalesce(NEW.workspace_id, OLD.workspace_id), 'u', coalesce(NEW.user_id, OLD.user_id))::text);
  ELSIF TG_TABLE_NAME = 'workspaces' THEN
    IF OLD.private_records IS DISTINCT FROM NEW.private_records THEN
      PERFORM pg_notify('access_changes', json_build_object('w', NEW.id)::text);
    END IF;
  ELSIF OLD.visibility IS DISTINCT FROM NEW.visibility OR OLD.team_id IS DISTINCT FROM NEW.team_id THEN
    PERFORM pg_notify('access_changes', json_build_object('w', NEW.workspace_id)::text);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER team_members_notify_access AFTER INSERT OR DELETE ON team_members FOR EACH ROW EXECUTE FUNCTION notify_visibility_changed();
--> statement-breakpoint
CREATE TRIGGER workspaces_notify_access AFTER UPDATE OF private_records ON workspaces FOR EACH ROW EXECUTE FUNCTION notify_visibility_changed();
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['companies', 'contacts', 'deals', 'leads'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE OF visibility, team_id ON %I FOR EACH ROW EXECUTE FUNCTION notify_visibility_changed()', t || '_notify_access', t);
  END LOOP;
END $$;
