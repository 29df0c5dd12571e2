ALTER TABLE "users" ADD COLUMN "sessions_revoked_at" timestamp with time zone;--> statement-breakpoint
-- Ends every session of a person: sessions signed in before now are refused from here on, and
-- every collab-server closes their open connections in each workspace they belong to.
CREATE OR REPLACE FUNCTION end_sessions(target uuid) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  UPDATE users SET sessions_revoked_at = now() WHERE id = target;
  PERFORM pg_notify('access_changes', json_build_object('w', m.workspace_id, 'u', m.user_id, 'all', true)::text)
     FROM memberships m WHERE m.user_id = target;
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION end_sessions(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION end_sessions(uuid) TO mycrm_app;
