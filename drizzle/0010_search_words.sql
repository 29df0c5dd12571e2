CREATE TABLE "search_words" (
	"workspace_id" uuid NOT NULL,
	"word" text NOT NULL,
	CONSTRAINT "search_words_workspace_id_word_pk" PRIMARY KEY("workspace_id","word")
);
--> statement-breakpoint
ALTER TABLE "search_words" ADD CONSTRAINT "search_words_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "search_words_trgm_idx" ON "search_words" USING gin ("word" gin_trgm_ops);--> statement-breakpoint
-- Runs of three letters or more (digits split words: an order number is not mistyped, it is wrong).
CREATE FUNCTION mycrm_index_search_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_words (workspace_id, word)
  SELECT DISTINCT NEW.workspace_id, w FROM regexp_split_to_table(NEW.search_text, '[^[:alpha:]]+') AS w
  WHERE length(w) >= 3
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER companies_search_words AFTER INSERT OR UPDATE OF name, domain ON companies FOR EACH ROW EXECUTE FUNCTION mycrm_index_search_words();--> statement-breakpoint
CREATE TRIGGER contacts_search_words AFTER INSERT OR UPDATE OF first_name, last_name, email ON contacts FOR EACH ROW EXECUTE FUNCTION mycrm_index_search_words();--> statement-breakpoint
CREATE TRIGGER deals_search_words AFTER INSERT OR UPDATE OF title ON deals FOR EACH ROW EXECUTE FUNCTION mycrm_index_search_words();--> statement-breakpoint
INSERT INTO search_words (workspace_id, word)
SELECT DISTINCT t.workspace_id, w FROM (
  SELECT workspace_id, search_text FROM companies
  UNION ALL SELECT workspace_id, search_text FROM contacts
  UNION ALL SELECT workspace_id, search_text FROM deals
) t, regexp_split_to_table(t.search_text, '[^[:alpha:]]+') AS w
WHERE length(w) >= 3
ON CONFLICT DO NOTHING;
