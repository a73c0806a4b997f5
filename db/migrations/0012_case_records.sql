CREATE TABLE "case_deadlines" (
	"case_id" text NOT NULL,
	"id" integer NOT NULL,
	"process" text NOT NULL,
	"kind" text NOT NULL,
	"department_id" text NOT NULL,
	"jurisdiction_code" text NOT NULL,
	"status" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"due_date" text NOT NULL,
	"provisional" boolean NOT NULL,
	"version" integer NOT NULL,
	"record" jsonb NOT NULL,
	CONSTRAINT "case_deadlines_case_id_id_pk" PRIMARY KEY("case_id","id")
);
--> statement-breakpoint
CREATE TABLE "case_violations" (
	"case_id" text NOT NULL,
	"id" integer NOT NULL,
	"process" text NOT NULL,
	"deadline_id" integer NOT NULL,
	"duty" text NOT NULL,
	"article" text NOT NULL,
	"party" text NOT NULL,
	"jurisdiction_code" text NOT NULL,
	"status" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"version" integer NOT NULL,
	"record" jsonb NOT NULL,
	CONSTRAINT "case_violations_case_id_id_pk" PRIMARY KEY("case_id","id")
);
--> statement-breakpoint
ALTER TABLE "case_deadlines" ADD CONSTRAINT "case_deadlines_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_violations" ADD CONSTRAINT "case_violations_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_deadlines_running_idx" ON "case_deadlines" USING btree ("due_at") WHERE "case_deadlines"."status" IN ('open', 'suspended');--> statement-breakpoint
CREATE INDEX "case_deadlines_provisional_idx" ON "case_deadlines" USING btree ("jurisdiction_code","due_at") WHERE "case_deadlines"."status" IN ('open', 'suspended') AND "case_deadlines"."provisional";--> statement-breakpoint
CREATE INDEX "case_violations_open_idx" ON "case_violations" USING btree ("jurisdiction_code","at") WHERE "case_violations"."status" = 'open';--> statement-breakpoint
CREATE INDEX "case_violations_party_idx" ON "case_violations" USING btree ("party","at");--> statement-breakpoint
CREATE TRIGGER "case_deadlines_retention" BEFORE DELETE ON "case_deadlines" FOR EACH ROW EXECUTE FUNCTION "case_record_refuse_early_delete"();--> statement-breakpoint
CREATE TRIGGER "case_deadlines_retention_no_truncate" BEFORE TRUNCATE ON "case_deadlines" FOR EACH STATEMENT EXECUTE FUNCTION "case_record_refuse_early_delete"();--> statement-breakpoint
CREATE TRIGGER "case_violations_retention" BEFORE DELETE ON "case_violations" FOR EACH ROW EXECUTE FUNCTION "case_record_refuse_early_delete"();--> statement-breakpoint
CREATE TRIGGER "case_violations_retention_no_truncate" BEFORE TRUNCATE ON "case_violations" FOR EACH STATEMENT EXECUTE FUNCTION "case_record_refuse_early_delete"();--> statement-breakpoint
-- The cases already open: their deadlines and violations, from the state each last recorded.
INSERT INTO "case_deadlines" SELECT c."id", (d->>'id')::int, c."process", d->>'kind', d->'dutyBearer'->>'departmentId',
  COALESCE(d->'dutyBearer'->>'jurisdictionCode', c."jurisdiction_code"), d->>'status', (d->>'startedAt')::timestamptz,
  (d->>'dueAt')::timestamptz, d->>'dueDate', COALESCE((d->>'provisional')::boolean, false), c."version", d
  FROM "cases" c, jsonb_array_elements(c."state"->'deadlines') d ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "case_violations" SELECT c."id", (v->>'id')::int, c."process", (v->>'deadlineId')::int, v->>'duty', v->>'article', v->>'party',
  COALESCE((SELECT d->'dutyBearer'->>'jurisdictionCode' FROM jsonb_array_elements(c."state"->'deadlines') d WHERE d->>'id' = v->>'deadlineId'), c."jurisdiction_code"),
  v->>'status', (v->>'at')::timestamptz, c."version", v
  FROM "cases" c, jsonb_array_elements(c."state"->'violations') v ON CONFLICT DO NOTHING;
