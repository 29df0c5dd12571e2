ALTER TABLE "deals" ADD COLUMN "probability" integer;--> statement-breakpoint
ALTER TABLE "deals" ADD COLUMN "close_reason" text;