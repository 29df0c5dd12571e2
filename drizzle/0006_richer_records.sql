ALTER TABLE "companies" ADD COLUMN "size" text;--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "address" jsonb;--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "links" jsonb;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "emails" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "phones" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "lifecycle_stage" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "links" jsonb;--> statement-breakpoint
-- Existing contacts: their one email and phone become the first of their lists.
UPDATE "contacts" SET "emails" = jsonb_build_array(jsonb_build_object('value', "email", 'label', 'work')) WHERE "email" IS NOT NULL;--> statement-breakpoint
UPDATE "contacts" SET "phones" = jsonb_build_array(jsonb_build_object('value', "phone", 'label', 'work')) WHERE "phone" IS NOT NULL;
