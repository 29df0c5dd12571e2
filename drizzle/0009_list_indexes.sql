DROP INDEX IF EXISTS "companies_name_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "contacts_name_idx";--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "companies_list_idx" ON "companies" USING btree ("workspace_id","name","id") WHERE "companies"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "contacts_list_idx" ON "contacts" USING btree ("workspace_id","first_name","last_name","id") WHERE "contacts"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "deals_list_idx" ON "deals" USING btree ("workspace_id","updated_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "deals"."deleted_at" is null;