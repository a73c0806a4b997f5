-- Calendar administration (issue 17): the database is the working-day calendar's single runtime
-- source. Notices and regional adjustments keep their history (a correction supersedes a record,
-- never edits or removes it), every change is a version every process checks, and a load waits as a
-- preview until its authority confirms it (docs/calendar.md).
CREATE TYPE "public"."calendar_origin" AS ENUM('package', 'file', 'authority');--> statement-breakpoint
CREATE TABLE "calendar_previews" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"year" integer NOT NULL,
	"jurisdiction_code" text,
	"authority_department_id" text NOT NULL,
	"source" text NOT NULL,
	"body" jsonb NOT NULL,
	"text" text,
	"text_hash" text NOT NULL,
	"base_version" integer NOT NULL,
	"changes" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"confirmed_by" text,
	"confirmed_at" timestamp with time zone,
	"confirmation" jsonb
);
--> statement-breakpoint
CREATE TABLE "calendar_versions" (
	"version" integer PRIMARY KEY NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"change" text NOT NULL
);
--> statement-breakpoint
-- Notices stored before this migration stay, as version 1 from a file.
ALTER TABLE "holiday_notices" DROP CONSTRAINT "holiday_notices_pkey";--> statement-breakpoint
ALTER TABLE "holiday_notices" ADD COLUMN "id" bigserial PRIMARY KEY NOT NULL;--> statement-breakpoint
ALTER TABLE "holiday_notices" ADD COLUMN "origin" "calendar_origin" DEFAULT 'file' NOT NULL;--> statement-breakpoint
ALTER TABLE "holiday_notices" ADD COLUMN "text_hash" text;--> statement-breakpoint
ALTER TABLE "holiday_notices" ADD COLUMN "loaded_by" text;--> statement-breakpoint
ALTER TABLE "holiday_notices" ADD COLUMN "loaded_by_department" text;--> statement-breakpoint
ALTER TABLE "holiday_notices" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "holiday_notices" ADD COLUMN "preview_id" text;--> statement-breakpoint
ALTER TABLE "holiday_notices" ADD COLUMN "superseded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "holiday_notices" ADD COLUMN "superseded_by" bigint;--> statement-breakpoint
ALTER TABLE "holiday_notices" ADD COLUMN "text" text;--> statement-breakpoint
UPDATE "holiday_notices" SET "text_hash" = 'sha256:' || encode(sha256(convert_to("notice"::text, 'UTF8')), 'hex');--> statement-breakpoint
ALTER TABLE "holiday_notices" ALTER COLUMN "text_hash" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "holiday_notices" ALTER COLUMN "origin" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "holiday_notices" ALTER COLUMN "version" DROP DEFAULT;--> statement-breakpoint
CREATE UNIQUE INDEX "holiday_notices_current_idx" ON "holiday_notices" USING btree ("year") WHERE "holiday_notices"."superseded_at" IS NULL;--> statement-breakpoint
-- Adjustments were a row per day; now a row per jurisdiction and year with its days, and their
-- history. The days stored before this migration become one record per jurisdiction and year.
ALTER TABLE "calendar_adjustments" RENAME TO "calendar_adjustments_0000";--> statement-breakpoint
ALTER TABLE "calendar_adjustments_0000" DROP CONSTRAINT "calendar_adjustments_jurisdiction_code_jurisdictions_code_fk";--> statement-breakpoint
ALTER TABLE "calendar_adjustments_0000" DROP CONSTRAINT "calendar_adjustments_jurisdiction_code_date_pk";--> statement-breakpoint
CREATE TABLE "calendar_adjustments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"origin" "calendar_origin" NOT NULL,
	"source" text NOT NULL,
	"text_hash" text NOT NULL,
	"loaded_by" text,
	"loaded_by_department" text,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer NOT NULL,
	"preview_id" text,
	"superseded_at" timestamp with time zone,
	"superseded_by" bigint,
	"jurisdiction_code" text NOT NULL,
	"year" integer NOT NULL,
	"days" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "calendar_adjustments" ADD CONSTRAINT "calendar_adjustments_jurisdiction_code_jurisdictions_code_fk" FOREIGN KEY ("jurisdiction_code") REFERENCES "public"."jurisdictions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
INSERT INTO "calendar_adjustments" ("origin", "source", "text_hash", "version", "jurisdiction_code", "year", "days")
SELECT 'file', 'calendar_adjustments before migration 0010', 'sha256:' || encode(sha256(convert_to("days"::text, 'UTF8')), 'hex'), 1, "jurisdiction_code", "year", "days"
FROM (
	SELECT "jurisdiction_code", extract(year FROM "date")::integer AS "year",
		jsonb_agg(jsonb_build_object('date', to_char("date", 'YYYY-MM-DD'), 'kind', "kind"::text, 'name', "name") ORDER BY "date") AS "days"
	FROM "calendar_adjustments_0000" GROUP BY 1, 2
) AS "by_year";--> statement-breakpoint
DROP TABLE "calendar_adjustments_0000";--> statement-breakpoint
DROP TYPE "public"."calendar_adjustment_kind";--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_adjustments_current_idx" ON "calendar_adjustments" USING btree ("jurisdiction_code","year") WHERE "calendar_adjustments"."superseded_at" IS NULL;--> statement-breakpoint
CREATE INDEX "calendar_previews_authority_idx" ON "calendar_previews" USING btree ("authority_department_id","created_at");--> statement-breakpoint
INSERT INTO "calendar_versions" ("version", "change")
SELECT 1, 'notices and adjustments stored before migration 0010'
WHERE EXISTS (SELECT FROM "holiday_notices") OR EXISTS (SELECT FROM "calendar_adjustments");--> statement-breakpoint
-- A loaded notice is never silently edited: the one change a record may undergo is being
-- superseded, once, by its correction; nothing removes one. Everyone is refused, the owner too.
CREATE FUNCTION "calendar_record_history"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_LEVEL = 'ROW' AND TG_OP = 'UPDATE' THEN
    IF OLD."superseded_at" IS NULL AND NEW."superseded_at" IS NOT NULL AND NEW."superseded_by" IS NOT NULL
       AND to_jsonb(NEW) - 'superseded_at' - 'superseded_by' = to_jsonb(OLD) - 'superseded_at' - 'superseded_by' THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION '% keeps the calendar''s history: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'a corrected notice or adjustment supersedes the record; nothing edits or removes one';
END
$$;--> statement-breakpoint
CREATE TRIGGER "holiday_notices_history" BEFORE UPDATE OR DELETE ON "holiday_notices"
  FOR EACH ROW EXECUTE FUNCTION "calendar_record_history"();--> statement-breakpoint
CREATE TRIGGER "holiday_notices_no_truncate" BEFORE TRUNCATE ON "holiday_notices"
  FOR EACH STATEMENT EXECUTE FUNCTION "calendar_record_history"();--> statement-breakpoint
CREATE TRIGGER "calendar_adjustments_history" BEFORE UPDATE OR DELETE ON "calendar_adjustments"
  FOR EACH ROW EXECUTE FUNCTION "calendar_record_history"();--> statement-breakpoint
CREATE TRIGGER "calendar_adjustments_no_truncate" BEFORE TRUNCATE ON "calendar_adjustments"
  FOR EACH STATEMENT EXECUTE FUNCTION "calendar_record_history"();--> statement-breakpoint
CREATE TRIGGER "calendar_versions_append_only" BEFORE UPDATE OR DELETE OR TRUNCATE ON "calendar_versions"
  FOR EACH STATEMENT EXECUTE FUNCTION "calendar_record_history"();
