CREATE TABLE "delegations" (
	"id" text PRIMARY KEY NOT NULL,
	"department_id" text NOT NULL,
	"head_user_id" text NOT NULL,
	"acting_user_id" text NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_to" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" text,
	CONSTRAINT "delegations_period" CHECK ("delegations"."valid_from" < "delegations"."valid_to")
);
--> statement-breakpoint
CREATE TABLE "drafts" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"department_id" text NOT NULL,
	"case_id" text,
	"body" jsonb NOT NULL,
	"status" text NOT NULL,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"approved_by" text,
	"approved_at" timestamp with time zone,
	"result_case_id" text,
	CONSTRAINT "drafts_kind" CHECK ("drafts"."kind" IN ('share-request', 'reply')),
	CONSTRAINT "drafts_status" CHECK ("drafts"."status" IN ('draft', 'returned', 'approved')),
	CONSTRAINT "drafts_reply_case" CHECK ("drafts"."kind" <> 'reply' OR "drafts"."case_id" IS NOT NULL)
);
--> statement-breakpoint
CREATE INDEX "delegations_acting_idx" ON "delegations" USING btree ("acting_user_id","valid_to");--> statement-breakpoint
CREATE INDEX "drafts_department_idx" ON "drafts" USING btree ("department_id","updated_at");