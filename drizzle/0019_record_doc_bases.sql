CREATE TABLE "record_doc_bases" (
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"base" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "record_doc_bases_workspace_id_name_pk" PRIMARY KEY("workspace_id","name")
);
--> statement-breakpoint
ALTER TABLE "record_doc_bases" ADD CONSTRAINT "record_doc_bases_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;