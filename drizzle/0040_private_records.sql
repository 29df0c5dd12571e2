ALTER TABLE "workspaces" ADD COLUMN "private_records" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "visibility" text DEFAULT 'workspace' NOT NULL;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "visibility" text DEFAULT 'workspace' NOT NULL;--> statement-breakpoint
ALTER TABLE "deals" ADD COLUMN "visibility" text DEFAULT 'workspace' NOT NULL;--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "visibility" text DEFAULT 'workspace' NOT NULL;--> statement-breakpoint
-- Whether this transaction may see records private to someone else: on for the workspace's owners
-- and admins, for everyone when the workspace does not allow private records, and for the
-- system's own work (jobs, the collab-server's writes); off (and so, unset) otherwise.
CREATE OR REPLACE FUNCTION app_sees_private() RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT coalesce(current_setting('app.sees_private', true), '') = 'on' $$;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['companies', 'contacts', 'deals', 'leads'] LOOP
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (visibility IN (''workspace'', ''private''))', t, t || '_visibility_check');
    EXECUTE format('CREATE POLICY private_records ON %I AS RESTRICTIVE USING (visibility = ''workspace'' OR app_sees_private() OR owner_id = app_user()) WITH CHECK (visibility = ''workspace'' OR app_sees_private() OR owner_id = app_user())', t);
  END LOOP;
END $$;
--> statement-breakpoint
-- Whether the record a row is about can be seen in this transaction (asked under row-level
-- security, so a private record of someone else is not).
CREATE OR REPLACE FUNCTION record_visible(kind text, rid uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT CASE kind
    WHEN 'company' THEN EXISTS (SELECT 1 FROM companies WHERE companies.id = rid)
    WHEN 'contact' THEN EXISTS (SELECT 1 FROM contacts WHERE contacts.id = rid)
    WHEN 'deal' THEN EXISTS (SELECT 1 FROM deals WHERE deals.id = rid)
    WHEN 'lead' THEN EXISTS (SELECT 1 FROM leads WHERE leads.id = rid)
    ELSE true
  END
$$;
--> statement-breakpoint
-- What hangs off a record (its timeline, comments, follows, shared documents, sensitive values)
-- is as private as the record.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['activities', 'comments', 'record_follows', 'shared_documents', 'sensitive_values'] LOOP
    EXECUTE format('CREATE POLICY private_records ON %I AS RESTRICTIVE USING (app_sees_private() OR record_visible(record_type::text, record_id)) WITH CHECK (app_sees_private() OR record_visible(record_type::text, record_id))', t);
  END LOOP;
END $$;
