CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workspace_id" uuid,
	"seq" bigint NOT NULL,
	"at" timestamp (6) with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"api_key_id" uuid,
	"ip" text,
	"action" text NOT NULL,
	"object_type" text,
	"object_id" uuid,
	"before" jsonb,
	"after" jsonb,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "audit_log_chain_idx" ON "audit_log" USING btree (coalesce("workspace_id", '00000000-0000-0000-0000-000000000000'::uuid),"seq");--> statement-breakpoint
CREATE INDEX "audit_log_workspace_idx" ON "audit_log" USING btree ("workspace_id","id");--> statement-breakpoint
CREATE INDEX "audit_log_object_idx" ON "audit_log" USING btree ("workspace_id","object_type","object_id");--> statement-breakpoint
-- The hash of one entry: over the previous entry's hash and every field, in a fixed spelling.
CREATE OR REPLACE FUNCTION audit_hash(prev text, ws uuid, s bigint, t timestamptz, actor uuid, key uuid, addr text, act text, otype text, oid uuid, b jsonb, a jsonb)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(concat_ws('|', prev, coalesce(ws::text, ''), s::text, to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
    coalesce(actor::text, ''), coalesce(key::text, ''), coalesce(addr, ''), act, coalesce(otype, ''), coalesce(oid::text, ''),
    coalesce(b::text, ''), coalesce(a::text, '')), 'UTF8')), 'hex')
$$;
--> statement-breakpoint
-- Appends one entry to its chain (the workspace's, or the account chain for null): serialised per
-- chain, each entry hashing the one before. Who and from where come from the transaction's
-- settings unless given.
CREATE OR REPLACE FUNCTION audit_append(ws uuid, act text, otype text, oid uuid, b jsonb, a jsonb, actor uuid DEFAULT NULL, addr text DEFAULT NULL)
RETURNS void LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  chain uuid := coalesce(ws, '00000000-0000-0000-0000-000000000000'::uuid);
  last_seq bigint;
  last_hash text;
  s bigint;
  t timestamptz := date_trunc('microseconds', clock_timestamp());
  who uuid := coalesce(actor, nullif(current_setting('app.user_id', true), '')::uuid);
  key uuid := nullif(current_setting('app.api_key_id', true), '')::uuid;
  ip text := coalesce(addr, nullif(current_setting('app.client_ip', true), ''));
  h text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('audit:' || chain::text, 0));
  SELECT l.seq, l.hash INTO last_seq, last_hash FROM audit_log l
   WHERE coalesce(l.workspace_id, '00000000-0000-0000-0000-000000000000'::uuid) = chain ORDER BY l.seq DESC LIMIT 1;
  s := coalesce(last_seq, 0) + 1;
  last_hash := coalesce(last_hash, repeat('0', 64));
  h := audit_hash(last_hash, ws, s, t, who, key, ip, act, otype, oid, b, a);
  INSERT INTO audit_log (workspace_id, seq, at, actor_id, api_key_id, ip, action, object_type, object_id, before, after, prev_hash, hash)
  VALUES (ws, s, t, who, key, ip, act, otype, oid, b, a, last_hash, h);
END $$;
--> statement-breakpoint
-- Every row change of an audited table, whatever door it came through.
CREATE OR REPLACE FUNCTION audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  noisy text[] := ARRAY['search_text', 'search_vector', 'updated_at', 'secret_hash'];
  o jsonb;
  n jsonb;
BEGIN
  IF TG_OP <> 'INSERT' THEN o := to_jsonb(OLD) - noisy; END IF;
  IF TG_OP <> 'DELETE' THEN n := to_jsonb(NEW) - noisy; END IF;
  IF TG_OP = 'UPDATE' AND o = n THEN RETURN NULL; END IF;
  PERFORM audit_append(
    coalesce(n->>'workspace_id', o->>'workspace_id')::uuid,
    TG_ARGV[0] || '.' || lower(TG_OP),
    TG_ARGV[0],
    coalesce(n->>'id', o->>'id', n->>'user_id', o->>'user_id', n->>'deal_id', o->>'deal_id')::uuid,
    o, n);
  RETURN NULL;
END $$;
--> statement-breakpoint
DO $$
DECLARE
  pair text[];
BEGIN
  FOREACH pair SLICE 1 IN ARRAY ARRAY[
    ['companies', 'company'], ['contacts', 'contact'], ['deals', 'deal'], ['leads', 'lead'], ['tasks', 'task'],
    ['comments', 'comment'], ['custom_fields', 'custom_field'], ['pipelines', 'pipeline'], ['pipeline_stages', 'stage'],
    ['memberships', 'membership'], ['api_keys', 'api_key'], ['saved_views', 'view'], ['shared_documents', 'document'],
    ['deal_contacts', 'deal_contact']
  ] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION audit_row(%L)', pair[1] || '_audit', pair[1], pair[2]);
  END LOOP;
END $$;
--> statement-breakpoint
-- Checks a workspace's chain from its first entry: how many entries hold, and the first that does not.
CREATE OR REPLACE FUNCTION audit_verify(ws uuid) RETURNS TABLE (checked bigint, broken_at bigint)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  r record;
  prev text := repeat('0', 64);
  n bigint := 0;
BEGIN
  FOR r IN SELECT * FROM audit_log l WHERE l.workspace_id = ws ORDER BY l.seq LOOP
    IF r.prev_hash <> prev OR r.seq <> n + 1
       OR r.hash <> audit_hash(r.prev_hash, r.workspace_id, r.seq, r.at, r.actor_id, r.api_key_id, r.ip, r.action, r.object_type, r.object_id, r.before, r.after) THEN
      RETURN QUERY SELECT n, r.seq;
      RETURN;
    END IF;
    prev := r.hash;
    n := n + 1;
  END LOOP;
  RETURN QUERY SELECT n, NULL::bigint;
END $$;
--> statement-breakpoint
-- Append-only for the application: it reads its workspace's entries, and writes only through audit_append.
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY audit_read ON audit_log FOR SELECT USING (workspace_id = app_workspace());
--> statement-breakpoint
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_log FROM mycrm_app;
--> statement-breakpoint
REVOKE ALL ON FUNCTION audit_append(uuid, text, text, uuid, jsonb, jsonb, uuid, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION audit_append(uuid, text, text, uuid, jsonb, jsonb, uuid, text) TO mycrm_app;
