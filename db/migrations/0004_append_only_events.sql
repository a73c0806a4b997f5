ALTER TABLE "case_events" ADD COLUMN "revision" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "case_events" ADD COLUMN "state_hash" text;--> statement-breakpoint
ALTER TABLE "case_events" DROP CONSTRAINT "case_events_case_id_seq_pk";--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_id_seq_revision_pk" PRIMARY KEY("case_id","seq","revision");--> statement-breakpoint
-- The record of every case is evidence (Art. 29) and must not be tampered with (Art. 35): nothing
-- rewrites or removes an event, whoever asks. A retried step appends a superseding revision instead.
-- Statement-level, so even an UPDATE or DELETE matching no row is refused. The application's role
-- lacks these privileges as well (db/roles.sql).
CREATE FUNCTION "case_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'case_events is append-only: % refused (Art. 29, Art. 35)', TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'events are never changed or removed; a retried step appends a superseding revision';
END
$$;--> statement-breakpoint
CREATE TRIGGER "case_events_append_only" BEFORE UPDATE OR DELETE OR TRUNCATE ON "case_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "case_events_append_only"();
