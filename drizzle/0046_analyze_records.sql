-- The planner's statistics of a record table, brought up to date after an import that changed a
-- good part of it: a large one leaves them behind (a company's people then read through the
-- wrong index) until autovacuum gets round to it, if it runs at all. The rule is autovacuum's own
-- (50 rows and a tenth of the table), applied now rather than later; a smaller import leaves the
-- table alone, and one that finds the table being vacuumed or analyzed skips it rather than wait
-- (SKIP_LOCKED). Only a table's owner may ANALYZE it, and the application's role owns nothing:
-- this runs as the owner, for the four record tables only, and reads no rows for the caller (the
-- statistics stay where row-level security keeps the application from them). Returns whether it
-- analyzed.
CREATE OR REPLACE FUNCTION analyze_records(p_object text, p_changed bigint)
RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  t text := CASE p_object WHEN 'company' THEN 'companies' WHEN 'contact' THEN 'contacts' WHEN 'deal' THEN 'deals' WHEN 'lead' THEN 'leads' END;
  estimate real;
BEGIN
  IF t IS NULL THEN
    RAISE EXCEPTION 'There is no record table for "%".', p_object;
  END IF;
  SELECT greatest(c.reltuples, 0) INTO estimate FROM pg_class c WHERE c.oid = t::regclass;
  IF p_changed < 50 + 0.1 * estimate THEN
    RETURN false;
  END IF;
  EXECUTE format('ANALYZE (SKIP_LOCKED) %I', t);
  RETURN true;
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION analyze_records(text, bigint) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION analyze_records(text, bigint) TO mycrm_app;
