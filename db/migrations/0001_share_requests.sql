CREATE TYPE "public"."share_request_stage" AS ENUM('awaiting_reply', 'awaiting_supplement', 'awaiting_delivery', 'delivered', 'completed', 'refused', 'withdrawn');--> statement-breakpoint
CREATE TABLE "case_events" (
	"case_id" text NOT NULL,
	"seq" integer NOT NULL,
	"process" text NOT NULL,
	"type" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" jsonb,
	"data" jsonb,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "case_events_case_id_seq_pk" PRIMARY KEY("case_id","seq")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" text PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"recipient" text NOT NULL,
	"kind" text NOT NULL,
	"message" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "share_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"workflow_id" text NOT NULL,
	"requester_department_id" text NOT NULL,
	"provider_department_id" text NOT NULL,
	"catalogue_entry_id" text NOT NULL,
	"jurisdiction_code" text NOT NULL,
	"sharing_attribute" "sharing_attribute" NOT NULL,
	"rule_set" text NOT NULL,
	"stage" "share_request_stage" NOT NULL,
	"overdue" boolean DEFAULT false NOT NULL,
	"due_at" timestamp with time zone,
	"provisional" boolean DEFAULT false NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer NOT NULL,
	"state" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "share_requests" ADD CONSTRAINT "share_requests_requester_department_id_departments_id_fk" FOREIGN KEY ("requester_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_requests" ADD CONSTRAINT "share_requests_provider_department_id_departments_id_fk" FOREIGN KEY ("provider_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_requests" ADD CONSTRAINT "share_requests_catalogue_entry_id_catalogue_entries_id_fk" FOREIGN KEY ("catalogue_entry_id") REFERENCES "public"."catalogue_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_requests" ADD CONSTRAINT "share_requests_jurisdiction_code_jurisdictions_code_fk" FOREIGN KEY ("jurisdiction_code") REFERENCES "public"."jurisdictions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notifications_case_idx" ON "notifications" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "notifications_recipient_idx" ON "notifications" USING btree ("recipient","created_at");--> statement-breakpoint
CREATE INDEX "share_requests_requester_idx" ON "share_requests" USING btree ("requester_department_id","received_at");--> statement-breakpoint
CREATE INDEX "share_requests_provider_idx" ON "share_requests" USING btree ("provider_department_id","received_at");--> statement-breakpoint
CREATE INDEX "share_requests_jurisdiction_idx" ON "share_requests" USING btree ("jurisdiction_code","received_at");--> statement-breakpoint
CREATE INDEX "share_requests_stage_idx" ON "share_requests" USING btree ("stage","received_at");--> statement-breakpoint
CREATE INDEX "share_requests_overdue_idx" ON "share_requests" USING btree ("received_at") WHERE "share_requests"."overdue";--> statement-breakpoint
CREATE INDEX "share_requests_received_idx" ON "share_requests" USING btree ("received_at","id");