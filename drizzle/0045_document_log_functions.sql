-- The collab-server's two writes to a document's log and snapshot, each one statement (one round
-- trip, its own transaction) instead of a transaction of several: the advisory lock between them
-- is then held for the time PostgreSQL takes to run it, never while the collab-server's busy event
-- loop gets round to sending the next statement. Both run as the caller: row-level security
-- checks every row, for the workspace each sets.

-- Appends updates to the log: the shared side of each document's lock (in key order, so two
-- appends never wait for each other), then the rows in the order given, each workspace's as that
-- workspace. Ids are drawn only once no snapshot of those documents is being taken.
CREATE OR REPLACE FUNCTION append_document_updates(
  p_keys bigint[],
  p_workspaces uuid[],
  p_names text[],
  p_updates bytea[],
  p_users uuid[]
)
RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  w uuid;
BEGIN
  PERFORM pg_advisory_xact_lock_shared(k) FROM (SELECT DISTINCT k FROM unnest(p_keys) AS k ORDER BY k) AS sorted;
  FOR w IN SELECT DISTINCT x FROM unnest(p_workspaces) AS x LOOP
    PERFORM set_config('app.workspace_id', w::text, true);
    INSERT INTO document_updates (workspace_id, name, update, user_id)
    SELECT r.workspace_id, r.name, r.update, r.user_id
    FROM unnest(p_workspaces, p_names, p_updates, p_users) WITH ORDINALITY AS r(workspace_id, name, update, user_id, n)
    WHERE r.workspace_id = w
    ORDER BY r.n;
  END LOOP;
END;
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION append_document_updates(bigint[], uuid[], text[], bytea[], uuid[]) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION append_document_updates(bigint[], uuid[], text[], bytea[], uuid[]) TO mycrm_app;
--> statement-breakpoint

-- Stores a document's snapshot, if the stored one is still the version the caller last saw
-- (p_expected: its row version, xmin; null when there was none): otherwise nothing is written and
-- the current version is returned, for the caller to merge with. p_contained lists, in log order,
-- the logged updates (after the stored covered id) that the caller read and found contained in
-- p_state. Under the exclusive side of the document's lock (appends on their way have committed,
-- new ones wait), the covered id is the last of them before any logged update the caller did not
-- see: one still being committed when it read the log has a lower id than some it saw, and must
-- never count as covered.
CREATE OR REPLACE FUNCTION store_document(
  p_key bigint,
  p_workspace uuid,
  p_name text,
  p_state bytea,
  p_contained bigint[],
  p_expected text
)
RETURNS TABLE (stored boolean, version text, covered bigint)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  current_version text;
  current_covered bigint := 0;
  candidate bigint;
  first_unseen bigint;
BEGIN
  PERFORM set_config('app.workspace_id', p_workspace::text, true);
  -- The row first, while holding nothing the log waits for (another store or a history compaction
  -- may hold it), then the document's lock, then the row as it is now.
  PERFORM 1 FROM documents d WHERE d.workspace_id = p_workspace AND d.name = p_name FOR NO KEY UPDATE;
  PERFORM pg_advisory_xact_lock(p_key);
  SELECT d.xmin::text, d.covered_update_id INTO current_version, current_covered
  FROM documents d
  WHERE d.workspace_id = p_workspace AND d.name = p_name
  FOR NO KEY UPDATE;
  current_covered := coalesce(current_covered, 0);
  IF current_version IS DISTINCT FROM p_expected THEN
    RETURN QUERY SELECT false, current_version, current_covered;
    RETURN;
  END IF;

  candidate := greatest(current_covered, coalesce((SELECT max(c) FROM unnest(p_contained) AS c), 0));
  SELECT min(u.id) INTO first_unseen
  FROM document_updates u
  WHERE u.workspace_id = p_workspace AND u.name = p_name
    AND u.id > current_covered AND u.id <= candidate AND u.id <> ALL (p_contained);
  IF first_unseen IS NOT NULL THEN
    candidate := greatest(current_covered, coalesce((SELECT max(c) FROM unnest(p_contained) AS c WHERE c < first_unseen), 0));
  END IF;

  RETURN QUERY
  INSERT INTO documents AS d (workspace_id, name, state, covered_update_id)
  VALUES (p_workspace, p_name, p_state, candidate)
  ON CONFLICT (workspace_id, name) DO UPDATE SET state = excluded.state, covered_update_id = excluded.covered_update_id, updated_at = now()
  RETURNING true, d.xmin::text, d.covered_update_id;
END;
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION store_document(bigint, uuid, text, bytea, bigint[], text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION store_document(bigint, uuid, text, bytea, bigint[], text) TO mycrm_app;
