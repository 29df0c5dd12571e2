CREATE TABLE "api_tokens" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"api_key_id" uuid NOT NULL,
	"family_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_workspace_id_api_key_id_api_keys_workspace_id_id_fk" FOREIGN KEY ("workspace_id","api_key_id") REFERENCES "public"."api_keys"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_hash_key" ON "api_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "api_tokens_family_idx" ON "api_tokens" USING btree ("workspace_id","family_id");--> statement-breakpoint
ALTER TABLE api_tokens ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE api_tokens FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY workspace_isolation ON api_tokens USING (workspace_id = app_workspace()) WITH CHECK (workspace_id = app_workspace());
--> statement-breakpoint
-- The API key behind an access token: valid, unexpired, unrevoked, its key unrevoked and the key's
-- creator still an active member (the same answer as authenticate_api_key gives for the key).
CREATE OR REPLACE FUNCTION authenticate_api_token(hash text)
RETURNS TABLE (key_id uuid, key_workspace uuid, key_user uuid, key_access text, key_objects text[], creator_role text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT k.id, k.workspace_id, k.created_by, k.access::text, k.objects::text[], m.role::text
    FROM api_tokens t
    JOIN api_keys k ON k.workspace_id = t.workspace_id AND k.id = t.api_key_id AND k.revoked_at IS NULL
    JOIN memberships m ON m.workspace_id = k.workspace_id AND m.user_id = k.created_by AND m.disabled_at IS NULL
   WHERE t.token_hash = hash AND t.kind = 'access' AND t.revoked_at IS NULL AND t.expires_at > now()
   LIMIT 1
$$;
--> statement-breakpoint
-- The workspace a token belongs to (to exchange or revoke it there, under row-level security).
CREATE OR REPLACE FUNCTION workspace_of_api_token(hash text)
RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT workspace_id FROM api_tokens WHERE token_hash = hash
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION authenticate_api_token(text) FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION workspace_of_api_token(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION authenticate_api_token(text) TO mycrm_app;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION workspace_of_api_token(text) TO mycrm_app;
