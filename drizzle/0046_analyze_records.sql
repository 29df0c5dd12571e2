-- The planner's statistics of a record table, brought up to date after an import: a large one
-- leaves them behind (a company's people then read through the wrong index) until autovacuum
-- gets round to it, if it runs at all. Only a table's owner may ANALYZE it, and the application's
-- role owns nothing: this runs as the owner, for the four record tables only, and reads no rows
-- for the caller (the statistics stay where row-level security keeps the application from them).
CREATE OR REPLACE FUNCTION analyze_records(p_object text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  t text := CASE p_object WHEN 'company' THEN 'companies' WHEN 'contact' THEN 'contacts' WHEN 'deal' THEN 'deals' WHEN 'lead' THEN 'leads' END;
BEGIN
  IF t IS NULL THEN
    RAISE EXCEPTION 'There is no record table for "%".', p_object;
  END IF;
  EXECUTE format('ANALYZE %I', t);
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION analyze_records(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION analyze_records(text) TO mycrm_app;
