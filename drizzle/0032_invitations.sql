CREATE TABLE "invitations" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"role" "role" NOT NULL,
	"token_hash" text NOT NULL,
	"invited_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_by" uuid,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "invitations_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_accepted_by_users_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_token_idx" ON "invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "invitations_workspace_idx" ON "invitations" USING btree ("workspace_id","created_at");--> statement-breakpoint
ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY workspace_isolation ON invitations USING (workspace_id = app_workspace()) WITH CHECK (workspace_id = app_workspace());
--> statement-breakpoint
CREATE TRIGGER invitations_audit AFTER INSERT OR UPDATE OR DELETE ON invitations FOR EACH ROW EXECUTE FUNCTION audit_row('invitation');
--> statement-breakpoint
-- An invitation by its token, before the invitee belongs to the workspace (what the invite page shows).
CREATE OR REPLACE FUNCTION invitation_lookup(hash text)
RETURNS TABLE (workspace_id uuid, invitation_id uuid, workspace_name text, email text, role text, inviter_name text, expires_at timestamptz, accepted_at timestamptz, revoked_at timestamptz, has_account boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT i.workspace_id, i.id, w.name, i.email, i.role::text, u.name, i.expires_at, i.accepted_at, i.revoked_at,
         EXISTS (SELECT 1 FROM users x WHERE lower(x.email) = lower(i.email))
    FROM invitations i JOIN workspaces w ON w.id = i.workspace_id LEFT JOIN users u ON u.id = i.invited_by
   WHERE i.token_hash = hash
$$;
--> statement-breakpoint
-- Accepts an invitation for a user whose email is the invited one: they become a member with its
-- role (a deactivated membership comes back), once. Returns the workspace, or null when the
-- invitation cannot be used (unknown, expired, revoked, used, or for another email).
CREATE OR REPLACE FUNCTION invitation_accept(hash text, uid uuid) RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE inv record;
BEGIN
  SELECT i.* INTO inv FROM invitations i JOIN users u ON u.id = uid AND lower(u.email) = lower(i.email)
   WHERE i.token_hash = hash AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()
   FOR UPDATE OF i;
  IF NOT FOUND THEN RETURN NULL; END IF;
  PERFORM set_config('app.workspace_id', inv.workspace_id::text, true);
  INSERT INTO memberships (workspace_id, user_id, role) VALUES (inv.workspace_id, uid, inv.role)
    ON CONFLICT (workspace_id, user_id) DO UPDATE SET disabled_at = NULL, disabled_by = NULL;
  UPDATE invitations SET accepted_at = now(), accepted_by = uid WHERE workspace_id = inv.workspace_id AND id = inv.id;
  RETURN inv.workspace_id;
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION invitation_lookup(text) FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION invitation_accept(text, uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION invitation_lookup(text) TO mycrm_app;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION invitation_accept(text, uuid) TO mycrm_app;
