ALTER TABLE "companies" drop column "search_vector";--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, regexp_replace(coalesce("name", '') || ' ' || coalesce("domain", ''), '[^[:alnum:]]+', ' ', 'g'))) STORED;--> statement-breakpoint
ALTER TABLE "contacts" drop column "search_vector";--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, regexp_replace(coalesce("first_name", '') || ' ' || coalesce("last_name", '') || ' ' || coalesce("email", ''), '[^[:alnum:]]+', ' ', 'g'))) STORED;--> statement-breakpoint
ALTER TABLE "deals" drop column "search_vector";--> statement-breakpoint
ALTER TABLE "deals" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, regexp_replace(coalesce("title", ''), '[^[:alnum:]]+', ' ', 'g'))) STORED;--> statement-breakpoint
-- Dropping the columns dropped their indexes: make them again.
CREATE INDEX IF NOT EXISTS "companies_search_fts_idx" ON "companies" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "contacts_search_fts_idx" ON "contacts" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "deals_search_fts_idx" ON "deals" USING gin ("search_vector");
