CREATE TABLE "case_commands" (
	"case_id" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"department_id" text NOT NULL,
	"command" text NOT NULL,
	"request_hash" text NOT NULL,
	"update_id" text NOT NULL,
	"response_status" integer,
	"response" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "case_commands_case_id_idempotency_key_pk" PRIMARY KEY("case_id","idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "case_parties" (
	"case_id" text NOT NULL,
	"department_id" text NOT NULL,
	"role" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	CONSTRAINT "case_parties_case_id_department_id_role_pk" PRIMARY KEY("case_id","department_id","role")
);
--> statement-breakpoint
CREATE TABLE "case_submissions" (
	"department_id" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"process" text NOT NULL,
	"request_hash" text NOT NULL,
	"case_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_submissions_department_id_idempotency_key_pk" PRIMARY KEY("department_id","idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" text PRIMARY KEY NOT NULL,
	"process" text NOT NULL,
	"workflow_id" text NOT NULL,
	"stage" text NOT NULL,
	"jurisdiction_code" text NOT NULL,
	"rule_set" text,
	"catalogue_entry_id" text,
	"due_at" timestamp with time zone,
	"overdue" boolean DEFAULT false NOT NULL,
	"provisional" boolean DEFAULT false NOT NULL,
	"open_violations" integer DEFAULT 0 NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"version" integer NOT NULL,
	"state" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "case_events" ADD COLUMN "hash_format" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "case_parties" ADD CONSTRAINT "case_parties_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_jurisdiction_code_jurisdictions_code_fk" FOREIGN KEY ("jurisdiction_code") REFERENCES "public"."jurisdictions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_parties_department_idx" ON "case_parties" USING btree ("department_id","opened_at","case_id");--> statement-breakpoint
CREATE INDEX "cases_process_opened_idx" ON "cases" USING btree ("process","opened_at","id");--> statement-breakpoint
CREATE INDEX "cases_opened_idx" ON "cases" USING btree ("opened_at","id");--> statement-breakpoint
CREATE INDEX "cases_jurisdiction_idx" ON "cases" USING btree ("jurisdiction_code","opened_at");--> statement-breakpoint
CREATE INDEX "cases_stage_idx" ON "cases" USING btree ("process","stage","opened_at");--> statement-breakpoint
CREATE INDEX "cases_overdue_idx" ON "cases" USING btree ("opened_at") WHERE "cases"."overdue";--> statement-breakpoint
CREATE INDEX "cases_open_due_idx" ON "cases" USING btree ("due_at") WHERE "cases"."closed_at" IS NULL;--> statement-breakpoint
-- Share requests move into the one read model; their state keeps its pre-engine shape (the API reads
-- both shapes) and nothing is lost. The table itself is dropped by the next migration.
INSERT INTO "cases" ("id", "process", "workflow_id", "stage", "jurisdiction_code", "rule_set", "catalogue_entry_id", "due_at", "overdue", "provisional", "open_violations", "opened_at", "updated_at", "closed_at", "version", "state")
SELECT "id", 'share-request', "workflow_id", "stage"::text, "jurisdiction_code", "rule_set", "catalogue_entry_id", "due_at", "overdue", "provisional",
       CASE WHEN "overdue" THEN 1 ELSE 0 END, "received_at", "updated_at",
       CASE WHEN "stage" IN ('completed', 'refused', 'withdrawn') THEN "updated_at" END, "version", "state"
FROM "share_requests";--> statement-breakpoint
INSERT INTO "case_parties" ("case_id", "department_id", "role", "opened_at")
SELECT "id", "requester_department_id", 'requester', "received_at" FROM "share_requests"
UNION ALL SELECT "id", "provider_department_id", 'provider', "received_at" FROM "share_requests"
UNION ALL SELECT "id", "state"->'input'->'supervisor'->>'departmentId', 'authority', "received_at" FROM "share_requests"
  WHERE "state"->'input'->'supervisor'->>'departmentId' IS NOT NULL;
