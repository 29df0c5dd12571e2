CREATE TABLE "sensitive_values" (
	"workspace_id" uuid NOT NULL,
	"record_type" "record_object" NOT NULL,
	"record_id" uuid NOT NULL,
	"field_id" uuid NOT NULL,
	"sealed" text NOT NULL,
	"key_id" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "sensitive_values_workspace_id_record_type_record_id_field_id_pk" PRIMARY KEY("workspace_id","record_type","record_id","field_id")
);
--> statement-breakpoint
ALTER TABLE "custom_fields" ADD COLUMN "sensitive" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "sensitive_values" ADD CONSTRAINT "sensitive_values_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sensitive_values" ADD CONSTRAINT "sensitive_values_workspace_id_field_id_custom_fields_workspace_id_id_fk" FOREIGN KEY ("workspace_id","field_id") REFERENCES "public"."custom_fields"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sensitive_values_key_idx" ON "sensitive_values" USING btree ("key_id");--> statement-breakpoint
ALTER TABLE sensitive_values ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE sensitive_values FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY workspace_isolation ON sensitive_values USING (workspace_id = app_workspace()) WITH CHECK (workspace_id = app_workspace());
