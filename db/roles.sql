-- The production role of the service. The record of every case is evidence (Art. 29) and must be
-- protected from tampering by technical measures (Art. 35): the application may add events and read
-- them, never change or remove one. Run as the database's owner after every migration (idempotent):
--
--   DATABASE_URL="$OWNER_URL" npm run db:migrate
--   psql "$OWNER_URL" -v ON_ERROR_STOP=1 -f db/roles.sql
--   psql "$OWNER_URL" -c "ALTER ROLE gds_app PASSWORD '…'"      -- once
--
-- and start the service with DATABASE_URL=postgres://gds_app:…@host/db. The owner keeps the schema;
-- the triggers of migration 0004 refuse UPDATE, DELETE and TRUNCATE on case_events to everyone, the
-- owner included (an owner who disables them is caught by `npm run audit:verify` and the checkpoints).
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'gds_app') THEN
    CREATE ROLE gds_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
  END IF;
END
$$;

-- The read model, idempotency keys and notices: ordinary rows.
GRANT USAGE ON SCHEMA public TO gds_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO gds_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO gds_app;
REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM gds_app;

-- The record: append and read only — the events, the audit log with its stored subtrees, the
-- signed checkpoints and their keys. The queue of events not yet in the log is worked off (DELETE).
REVOKE ALL ON case_events, audit_log, audit_log_nodes, audit_checkpoints, audit_signing_keys FROM gds_app;
GRANT SELECT, INSERT ON case_events, audit_log, audit_log_nodes, audit_checkpoints, audit_signing_keys TO gds_app;
REVOKE ALL ON audit_log_pending FROM gds_app;
GRANT SELECT, INSERT, DELETE ON audit_log_pending TO gds_app;

-- Delegations are revoked, never deleted; drafts are approved or expire, never deleted.
REVOKE DELETE ON delegations, drafts FROM gds_app;

-- The calendar's notices and adjustments are superseded, never removed, its versions only added
-- (migration 0011's triggers refuse it to everyone as well); previews are kept as asked and answered.
REVOKE DELETE ON holiday_notices, calendar_adjustments, calendar_previews FROM gds_app;
REVOKE UPDATE, DELETE ON calendar_versions FROM gds_app;

-- At start the service only reads which migrations are applied (db/client.ts).
GRANT USAGE ON SCHEMA drizzle TO gds_app;
GRANT SELECT ON drizzle.__drizzle_migrations TO gds_app;
