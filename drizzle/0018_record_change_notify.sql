-- Live lists: after each statement that changes records, one NOTIFY per workspace it touched
-- ({"w": workspace id, "t": record type}), delivered when the transaction commits. Statement-level
-- triggers keep a million-row insert to one notification.
CREATE OR REPLACE FUNCTION notify_record_changes() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ws uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN
    FOR ws IN SELECT DISTINCT workspace_id FROM old_rows LOOP
      PERFORM pg_notify('record_changes', json_build_object('w', ws, 't', TG_ARGV[0])::text);
    END LOOP;
  ELSE
    FOR ws IN SELECT DISTINCT workspace_id FROM new_rows LOOP
      PERFORM pg_notify('record_changes', json_build_object('w', ws, 't', TG_ARGV[0])::text);
    END LOOP;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER companies_notify_insert AFTER INSERT ON "companies" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_record_changes('company');
--> statement-breakpoint
CREATE TRIGGER companies_notify_update AFTER UPDATE ON "companies" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_record_changes('company');
--> statement-breakpoint
CREATE TRIGGER companies_notify_delete AFTER DELETE ON "companies" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_record_changes('company');
--> statement-breakpoint
CREATE TRIGGER contacts_notify_insert AFTER INSERT ON "contacts" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_record_changes('contact');
--> statement-breakpoint
CREATE TRIGGER contacts_notify_update AFTER UPDATE ON "contacts" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_record_changes('contact');
--> statement-breakpoint
CREATE TRIGGER contacts_notify_delete AFTER DELETE ON "contacts" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_record_changes('contact');
--> statement-breakpoint
CREATE TRIGGER deals_notify_insert AFTER INSERT ON "deals" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_record_changes('deal');
--> statement-breakpoint
CREATE TRIGGER deals_notify_update AFTER UPDATE ON "deals" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_record_changes('deal');
--> statement-breakpoint
CREATE TRIGGER deals_notify_delete AFTER DELETE ON "deals" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_record_changes('deal');
--> statement-breakpoint
CREATE TRIGGER leads_notify_insert AFTER INSERT ON "leads" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_record_changes('lead');
--> statement-breakpoint
CREATE TRIGGER leads_notify_update AFTER UPDATE ON "leads" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_record_changes('lead');
--> statement-breakpoint
CREATE TRIGGER leads_notify_delete AFTER DELETE ON "leads" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_record_changes('lead');
--> statement-breakpoint
CREATE TRIGGER tasks_notify_insert AFTER INSERT ON "tasks" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_record_changes('task');
--> statement-breakpoint
CREATE TRIGGER tasks_notify_update AFTER UPDATE ON "tasks" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_record_changes('task');
--> statement-breakpoint
CREATE TRIGGER tasks_notify_delete AFTER DELETE ON "tasks" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_record_changes('task');
