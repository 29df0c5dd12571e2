CREATE TABLE "team_members" (
	"workspace_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "team_members_workspace_id_team_id_user_id_pk" PRIMARY KEY("workspace_id","team_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teams_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "team_id" uuid;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "team_id" uuid;--> statement-breakpoint
ALTER TABLE "deals" ADD COLUMN "team_id" uuid;--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "team_id" uuid;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_workspace_id_team_id_teams_workspace_id_id_fk" FOREIGN KEY ("workspace_id","team_id") REFERENCES "public"."teams"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "team_members_user_idx" ON "team_members" USING btree ("workspace_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "teams_name_idx" ON "teams" USING btree ("workspace_id",lower("name"));--> statement-breakpoint
ALTER TABLE teams ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE teams FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY workspace_isolation ON teams USING (workspace_id = app_workspace()) WITH CHECK (workspace_id = app_workspace());
--> statement-breakpoint
ALTER TABLE team_members ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE team_members FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY workspace_isolation ON team_members USING (workspace_id = app_workspace()) WITH CHECK (workspace_id = app_workspace());
--> statement-breakpoint
CREATE TRIGGER teams_audit AFTER INSERT OR UPDATE OR DELETE ON teams FOR EACH ROW EXECUTE FUNCTION audit_row('team');
--> statement-breakpoint
CREATE TRIGGER team_members_audit AFTER INSERT OR UPDATE OR DELETE ON team_members FOR EACH ROW EXECUTE FUNCTION audit_row('team_member');
--> statement-breakpoint
-- Is the person of this transaction in that team?
CREATE OR REPLACE FUNCTION app_in_team(tid uuid) RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT EXISTS (SELECT 1 FROM team_members m WHERE m.team_id = tid AND m.user_id = app_user()) $$;
--> statement-breakpoint
-- Records can now be visible to a team; a deleted team leaves its records to their owners and the admins.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['companies', 'contacts', 'deals', 'leads'] LOOP
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I FOREIGN KEY (workspace_id, team_id) REFERENCES teams (workspace_id, id) ON DELETE SET NULL (team_id)', t, t || '_team_fk');
    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', t, t || '_visibility_check');
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (visibility IN (''workspace'', ''team'', ''private''))', t, t || '_visibility_check');
    EXECUTE format('DROP POLICY private_records ON %I', t);
    EXECUTE format('CREATE POLICY private_records ON %I AS RESTRICTIVE USING (visibility = ''workspace'' OR app_sees_private() OR owner_id = app_user() OR (visibility = ''team'' AND app_in_team(team_id))) WITH CHECK (visibility = ''workspace'' OR app_sees_private() OR owner_id = app_user() OR (visibility = ''team'' AND app_in_team(team_id)))', t);
  END LOOP;
END $$;
