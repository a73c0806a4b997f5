CREATE TABLE "case_links" (
	"case_id" text NOT NULL,
	"linked_case_id" text NOT NULL,
	"relation" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "case_links_case_id_linked_case_id_relation_pk" PRIMARY KEY("case_id","linked_case_id","relation")
);
--> statement-breakpoint
CREATE TABLE "case_notes" (
	"case_id" text NOT NULL,
	"note_hash" text NOT NULL,
	"department_id" text NOT NULL,
	"nonce" text NOT NULL,
	"note" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_notes_case_id_note_hash_pk" PRIMARY KEY("case_id","note_hash")
);
--> statement-breakpoint
ALTER TABLE "drafts" DROP CONSTRAINT "drafts_kind";--> statement-breakpoint
ALTER TABLE "drafts" DROP CONSTRAINT "drafts_reply_case";--> statement-breakpoint
ALTER TABLE "drafts" DROP CONSTRAINT "drafts_status";--> statement-breakpoint
ALTER TABLE "case_commands" DROP CONSTRAINT "case_commands_case_id_idempotency_key_pk";--> statement-breakpoint
ALTER TABLE "case_events" ALTER COLUMN "state_hash" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "case_events" ALTER COLUMN "hash_format" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "case_commands" ADD CONSTRAINT "case_commands_case_id_department_id_idempotency_key_pk" PRIMARY KEY("case_id","department_id","idempotency_key");--> statement-breakpoint
-- Rows from before the registry: a share request's authority stands as one, every other party acts.
ALTER TABLE "case_parties" ADD COLUMN "standing" text NOT NULL DEFAULT 'party';--> statement-breakpoint
UPDATE "case_parties" SET "standing" = 'authority' WHERE "role" = 'authority';--> statement-breakpoint
ALTER TABLE "case_parties" ALTER COLUMN "standing" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "drafts" ADD COLUMN "process" text NOT NULL DEFAULT 'share-request';--> statement-breakpoint
ALTER TABLE "drafts" ADD COLUMN "action" text;--> statement-breakpoint
UPDATE "drafts" SET "action" = CASE "kind" WHEN 'reply' THEN 'reply' ELSE 'submit' END;--> statement-breakpoint
ALTER TABLE "drafts" ALTER COLUMN "action" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "drafts" ALTER COLUMN "process" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "drafts" ADD COLUMN "version" integer NOT NULL DEFAULT 1;--> statement-breakpoint
ALTER TABLE "drafts" ALTER COLUMN "version" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "case_links" ADD CONSTRAINT "case_links_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_links_linked_idx" ON "case_links" USING btree ("linked_case_id","created_at");--> statement-breakpoint
CREATE INDEX "case_notes_department_idx" ON "case_notes" USING btree ("case_id","department_id");--> statement-breakpoint
ALTER TABLE "drafts" DROP COLUMN "kind";--> statement-breakpoint
ALTER TABLE "case_parties" ADD CONSTRAINT "case_parties_standing" CHECK ("case_parties"."standing" IN ('party', 'authority', 'coordinator'));--> statement-breakpoint
ALTER TABLE "drafts" ADD CONSTRAINT "drafts_version" CHECK ("drafts"."version" >= 1);--> statement-breakpoint
ALTER TABLE "drafts" ADD CONSTRAINT "drafts_status" CHECK ("drafts"."status" IN ('draft', 'returned', 'sending', 'approved'));--> statement-breakpoint
-- A case's links are part of its record (Art. 29), kept as its parties are (migration 0008).
CREATE TRIGGER "case_links_retention" BEFORE DELETE ON "case_links" FOR EACH ROW EXECUTE FUNCTION "case_record_refuse_early_delete"();--> statement-breakpoint
CREATE TRIGGER "case_links_retention_no_truncate" BEFORE TRUNCATE ON "case_links" FOR EACH STATEMENT EXECUTE FUNCTION "case_record_refuse_early_delete"();--> statement-breakpoint
-- The webhook outbox (migration 0009) concerns the parties that act in a case (by standing, whatever
-- their roles are called) and the data-sharing authorities at their level.
CREATE OR REPLACE FUNCTION "webhook_outbox_enqueue"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "webhook_deliveries" ("id", "subscription_id", "department_id", "case_id", "seq", "revision", "process", "event_type", "stage", "relation", "occurred_at", "event_hash", "status", "next_attempt_at", "created_at")
  SELECT 'msg_' || replace(gen_random_uuid()::text, '-', ''), s."id", s."department_id", NEW."case_id", NEW."seq", NEW."revision", NEW."process", NEW."type",
         (SELECT c."stage" FROM "cases" c WHERE c."id" = NEW."case_id" AND c."version" = NEW."seq"),
         t."relation", NEW."at", NEW."hash", 'pending', clock_timestamp(), date_trunc('milliseconds', clock_timestamp())
  FROM (
    SELECT DISTINCT ON ("department_id") "department_id", "relation" FROM (
      SELECT p."department_id", p."role" AS "relation", 0 AS "rank" FROM "case_parties" p
      WHERE p."case_id" = NEW."case_id" AND p."standing" IN ('party', 'coordinator')
      UNION ALL
      SELECT a."id", p."role" || '-authority', 1 FROM "case_parties" p
      JOIN "departments" d ON d."id" = p."department_id"
      JOIN "departments" a ON a."jurisdiction_code" = d."jurisdiction_code" AND a."sector" = 'data-sharing-authority'
      WHERE p."case_id" = NEW."case_id" AND p."standing" = 'party'
    ) concerned
    ORDER BY "department_id", "rank", "relation"
  ) t
  JOIN "webhook_subscriptions" s ON s."department_id" = t."department_id" AND s."enabled" AND s."deleted_at" IS NULL
    AND (NEW."process" || '.' || NEW."type" = ANY (s."event_types") OR NEW."process" || '.*' = ANY (s."event_types"))
  ON CONFLICT ("subscription_id", "case_id", "seq") DO UPDATE
    SET "revision" = EXCLUDED."revision", "event_hash" = EXCLUDED."event_hash", "occurred_at" = EXCLUDED."occurred_at", "stage" = EXCLUDED."stage"
    WHERE "webhook_deliveries"."attempts" = 0 AND "webhook_deliveries"."revision" < EXCLUDED."revision";
  RETURN NULL;
END
$$;