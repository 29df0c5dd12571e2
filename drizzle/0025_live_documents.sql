-- Shared documents and their versions announce themselves like records do, so a document list or
-- version list open elsewhere reads again (a version named by one person shows for everyone).
CREATE TRIGGER shared_documents_notify_insert AFTER INSERT ON "shared_documents" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_record_changes('document');
--> statement-breakpoint
CREATE TRIGGER shared_documents_notify_update AFTER UPDATE ON "shared_documents" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_record_changes('document');
--> statement-breakpoint
CREATE TRIGGER document_versions_notify_insert AFTER INSERT ON "document_versions" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_record_changes('document');
