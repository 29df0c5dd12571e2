-- Erasing a person must not copy their data into the audit log: inside an erasure (the
-- transaction's app.erasure is on), a row change is recorded with the names of the fields that
-- changed, not their values.
CREATE OR REPLACE FUNCTION audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  noisy text[] := ARRAY['search_text', 'search_vector', 'updated_at', 'secret_hash'];
  o jsonb;
  n jsonb;
  erasing boolean := coalesce(current_setting('app.erasure', true), '') = 'on';
BEGIN
  IF TG_OP <> 'INSERT' THEN o := to_jsonb(OLD) - noisy; END IF;
  IF TG_OP <> 'DELETE' THEN n := to_jsonb(NEW) - noisy; END IF;
  IF TG_OP = 'UPDATE' AND o = n THEN RETURN NULL; END IF;
  IF erasing THEN
    n := jsonb_build_object('erased_fields', (SELECT coalesce(jsonb_agg(k ORDER BY k), '[]'::jsonb) FROM jsonb_object_keys(coalesce(o, n)) k
                                               WHERE coalesce(o, '{}'::jsonb) -> k IS DISTINCT FROM coalesce(n, '{}'::jsonb) -> k));
    o := NULL;
  END IF;
  PERFORM audit_append(
    coalesce(to_jsonb(NEW)->>'workspace_id', to_jsonb(OLD)->>'workspace_id')::uuid,
    TG_ARGV[0] || '.' || lower(TG_OP),
    TG_ARGV[0],
    coalesce(to_jsonb(NEW)->>'id', to_jsonb(OLD)->>'id', to_jsonb(NEW)->>'user_id', to_jsonb(OLD)->>'user_id', to_jsonb(NEW)->>'deal_id', to_jsonb(OLD)->>'deal_id')::uuid,
    o, n);
  RETURN NULL;
END $$;
