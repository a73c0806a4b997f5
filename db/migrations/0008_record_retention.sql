CREATE TABLE "record_retention" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"case_record_years" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "record_retention_one_row" CHECK ("record_retention"."id"),
	CONSTRAINT "record_retention_art_29" CHECK ("record_retention"."case_record_years" >= 3)
);
--> statement-breakpoint
CREATE INDEX "case_events_deadline_missed_idx" ON "case_events" USING btree ("process") WHERE "case_events"."type" = 'deadline_missed';--> statement-breakpoint
INSERT INTO "record_retention" ("id", "case_record_years") VALUES (true, 3);--> statement-breakpoint
-- Art. 29: records of data use are kept at least three years. A case's record (its read-model row and
-- its parties; its events are append-only for good, migration 0004) may be deleted only once the case
-- has closed and its last event is older than the retention (record_retention, never under 3 years).
-- The age comes from case_events too, which nobody can rewrite: moving closed_at back does not help.
CREATE FUNCTION "case_record_kept"(p_case_id text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  years integer := GREATEST(3, COALESCE((SELECT case_record_years FROM record_retention), 3));
  closed timestamptz;
  open_case boolean;
  last_event timestamptz;
BEGIN
  SELECT closed_at, closed_at IS NULL INTO closed, open_case FROM cases WHERE id = p_case_id;
  IF open_case THEN
    RETURN format('case %s is open', p_case_id);
  END IF;
  SELECT max(at) INTO last_event FROM case_events WHERE case_id = p_case_id;
  IF GREATEST(closed, last_event) > now() - make_interval(years => years) THEN
    RETURN format('case %s closed or acted on less than %s years ago', p_case_id, years);
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE FUNCTION "case_record_refuse_early_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  reason text;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    RAISE EXCEPTION '% of % refused: case records are kept at least 3 years (Art. 29)', TG_OP, TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  -- Two statements: each is planned only when it runs, and only its own table has the column.
  IF TG_TABLE_NAME = 'cases' THEN
    reason := case_record_kept(OLD.id);
  ELSE
    reason := case_record_kept(OLD.case_id);
  END IF;
  IF reason IS NOT NULL THEN
    RAISE EXCEPTION 'DELETE on % refused: % (case records are kept at least the retention, never under 3 years: Art. 29)', TG_TABLE_NAME, reason
      USING ERRCODE = 'insufficient_privilege', HINT = 'see record_retention and CASE_RECORD_RETENTION_YEARS';
  END IF;
  RETURN OLD;
END
$$;--> statement-breakpoint
CREATE TRIGGER "cases_retention" BEFORE DELETE ON "cases" FOR EACH ROW EXECUTE FUNCTION "case_record_refuse_early_delete"();--> statement-breakpoint
CREATE TRIGGER "cases_retention_no_truncate" BEFORE TRUNCATE ON "cases" FOR EACH STATEMENT EXECUTE FUNCTION "case_record_refuse_early_delete"();--> statement-breakpoint
CREATE TRIGGER "case_parties_retention" BEFORE DELETE ON "case_parties" FOR EACH ROW EXECUTE FUNCTION "case_record_refuse_early_delete"();--> statement-breakpoint
CREATE TRIGGER "case_parties_retention_no_truncate" BEFORE TRUNCATE ON "case_parties" FOR EACH STATEMENT EXECUTE FUNCTION "case_record_refuse_early_delete"();
