CREATE TYPE "public"."calendar_adjustment_kind" AS ENUM('holiday', 'workday');--> statement-breakpoint
CREATE TYPE "public"."jurisdiction_level" AS ENUM('national', 'province', 'city', 'county');--> statement-breakpoint
CREATE TYPE "public"."sharing_attribute" AS ENUM('unconditional', 'conditional', 'not_shared');--> statement-breakpoint
CREATE TYPE "public"."sharing_method" AS ENUM('service_api', 'batch_exchange', 'file_download');--> statement-breakpoint
CREATE TYPE "public"."staff_role" AS ENUM('staff', 'sharing_office_head');--> statement-breakpoint
CREATE TABLE "calendar_adjustments" (
	"jurisdiction_code" text NOT NULL,
	"date" date NOT NULL,
	"kind" "calendar_adjustment_kind" NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "calendar_adjustments_jurisdiction_code_date_pk" PRIMARY KEY("jurisdiction_code","date")
);
--> statement-breakpoint
CREATE TABLE "catalogue_entries" (
	"id" text PRIMARY KEY NOT NULL,
	"provider_department_id" text NOT NULL,
	"name" text NOT NULL,
	"name_zh" text NOT NULL,
	"data_items" jsonb NOT NULL,
	"data_format" text NOT NULL,
	"update_frequency" text NOT NULL,
	"sharing_attribute" "sharing_attribute" NOT NULL,
	"sharing_methods" jsonb NOT NULL,
	"sharing_scope" text,
	"usage_conditions" text,
	"not_shared_reason" text,
	"legal_basis" text,
	"classification" text NOT NULL,
	"grading" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	CONSTRAINT "catalogue_entries_art15_conditional" CHECK ("catalogue_entries"."sharing_attribute" <> 'conditional' OR ("catalogue_entries"."sharing_scope" IS NOT NULL AND "catalogue_entries"."usage_conditions" IS NOT NULL)),
	CONSTRAINT "catalogue_entries_art15_not_shared" CHECK ("catalogue_entries"."sharing_attribute" <> 'not_shared' OR ("catalogue_entries"."not_shared_reason" IS NOT NULL AND "catalogue_entries"."legal_basis" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "departments" (
	"id" text PRIMARY KEY NOT NULL,
	"jurisdiction_code" text NOT NULL,
	"name" text NOT NULL,
	"name_zh" text NOT NULL,
	"sector" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "holiday_notices" (
	"year" integer PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"notice" jsonb NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jurisdictions" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_zh" text NOT NULL,
	"level" "jurisdiction_level" NOT NULL,
	"parent_code" text,
	"authority_name" text NOT NULL,
	"government_name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff" (
	"id" text PRIMARY KEY NOT NULL,
	"department_id" text NOT NULL,
	"name" text NOT NULL,
	"role" "staff_role" NOT NULL
);
--> statement-breakpoint
ALTER TABLE "calendar_adjustments" ADD CONSTRAINT "calendar_adjustments_jurisdiction_code_jurisdictions_code_fk" FOREIGN KEY ("jurisdiction_code") REFERENCES "public"."jurisdictions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogue_entries" ADD CONSTRAINT "catalogue_entries_provider_department_id_departments_id_fk" FOREIGN KEY ("provider_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "departments" ADD CONSTRAINT "departments_jurisdiction_code_jurisdictions_code_fk" FOREIGN KEY ("jurisdiction_code") REFERENCES "public"."jurisdictions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jurisdictions" ADD CONSTRAINT "jurisdictions_parent_code_jurisdictions_code_fk" FOREIGN KEY ("parent_code") REFERENCES "public"."jurisdictions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff" ADD CONSTRAINT "staff_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "catalogue_entries_provider_idx" ON "catalogue_entries" USING btree ("provider_department_id");--> statement-breakpoint
CREATE INDEX "departments_jurisdiction_idx" ON "departments" USING btree ("jurisdiction_code");--> statement-breakpoint
CREATE INDEX "jurisdictions_parent_idx" ON "jurisdictions" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "staff_department_idx" ON "staff" USING btree ("department_id");