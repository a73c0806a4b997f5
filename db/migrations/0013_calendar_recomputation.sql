CREATE TABLE "calendar_recomputations" (
	"version" integer PRIMARY KEY NOT NULL,
	"reason" text NOT NULL,
	"jurisdiction_code" text,
	"loaded_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"not_before" timestamp with time zone,
	"cases" integer NOT NULL,
	"rearmed" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "calendar_recomputations" ADD CONSTRAINT "calendar_recomputations_version_calendar_versions_version_fk" FOREIGN KEY ("version") REFERENCES "public"."calendar_versions"("version") ON DELETE no action ON UPDATE no action;