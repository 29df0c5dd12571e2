CREATE TABLE "retention_rules" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"days" integer NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_run_at" timestamp with time zone,
	"last_count" integer,
	CONSTRAINT "retention_rules_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "retention_rules" ADD CONSTRAINT "retention_rules_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retention_rules" ADD CONSTRAINT "retention_rules_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "retention_rules_kind_idx" ON "retention_rules" USING btree ("workspace_id","kind");--> statement-breakpoint
ALTER TABLE retention_rules ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE retention_rules FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY workspace_isolation ON retention_rules USING (workspace_id = app_workspace()) WITH CHECK (workspace_id = app_workspace());
--> statement-breakpoint
CREATE TRIGGER retention_rules_audit AFTER INSERT OR UPDATE OR DELETE ON retention_rules FOR EACH ROW EXECUTE FUNCTION audit_row('retention_rule');
--> statement-breakpoint
-- Records erased before this column existed: their erasure left an "erased" entry on the timeline.
UPDATE contacts c SET erased_at = a.created_at FROM activities a WHERE a.workspace_id = c.workspace_id AND a.record_type = 'contact' AND a.record_id = c.id AND a.kind = 'erased';
--> statement-breakpoint
UPDATE leads l SET erased_at = a.created_at FROM activities a WHERE a.workspace_id = l.workspace_id AND a.record_type = 'lead' AND a.record_id = l.id AND a.kind = 'erased';
