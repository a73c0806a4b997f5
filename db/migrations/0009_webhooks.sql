CREATE TABLE "webhook_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"subscription_id" text NOT NULL,
	"department_id" text NOT NULL,
	"case_id" text NOT NULL,
	"seq" integer NOT NULL,
	"revision" integer NOT NULL,
	"process" text NOT NULL,
	"event_type" text NOT NULL,
	"stage" text,
	"relation" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"event_hash" text NOT NULL,
	"status" text NOT NULL,
	"step" integer DEFAULT 0 NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"lease_id" text,
	"lease_until" timestamp with time zone,
	"manual" boolean DEFAULT false NOT NULL,
	"last_attempt_at" timestamp with time zone,
	"last_status_code" integer,
	"last_error_class" text,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "webhook_deliveries_status" CHECK ("webhook_deliveries"."status" IN ('pending', 'delivered', 'failed', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "webhook_delivery_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"delivery_id" text NOT NULL,
	"attempt" integer NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"duration_ms" integer NOT NULL,
	"status_code" integer,
	"outcome" text NOT NULL,
	"error_class" text,
	"manual" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_subscriptions" (
	"id" text PRIMARY KEY NOT NULL,
	"department_id" text NOT NULL,
	"url" text NOT NULL,
	"description" text,
	"event_types" text[] NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"secret" text,
	"previous_secret" text,
	"previous_secret_until" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_deliveries_event_idx" ON "webhook_deliveries" USING btree ("subscription_id","case_id","seq");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_list_idx" ON "webhook_deliveries" USING btree ("subscription_id","created_at","id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("next_attempt_at") WHERE "webhook_deliveries"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_delivery_attempts_idx" ON "webhook_delivery_attempts" USING btree ("delivery_id","attempt");--> statement-breakpoint
CREATE INDEX "webhook_subscriptions_department_idx" ON "webhook_subscriptions" USING btree ("department_id","created_at");--> statement-breakpoint
-- The outbox is filled in the transaction that records the event, by the database itself (as the
-- audit log's queue is, migration 0005): whichever recorder writes an event (the engine's, the
-- pre-engine one), its deliveries exist exactly when it does. The trigger is deferred to commit,
-- because the recorder projects the case (its stage, its parties) after inserting the event.
-- An event concerns the case's parties and the data-sharing authorities at their level (Art. 21,
-- 39, 40), who may all read the case; each department's enabled webhooks that ask for the event's
-- type get one delivery. A superseded attempt at the same seq refreshes a delivery not yet tried.
CREATE FUNCTION "webhook_outbox_enqueue"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "webhook_deliveries" ("id", "subscription_id", "department_id", "case_id", "seq", "revision", "process", "event_type", "stage", "relation", "occurred_at", "event_hash", "status", "next_attempt_at", "created_at")
  SELECT 'msg_' || replace(gen_random_uuid()::text, '-', ''), s."id", s."department_id", NEW."case_id", NEW."seq", NEW."revision", NEW."process", NEW."type",
         (SELECT c."stage" FROM "cases" c WHERE c."id" = NEW."case_id" AND c."version" = NEW."seq"),
         t."relation", NEW."at", NEW."hash", 'pending', clock_timestamp(), date_trunc('milliseconds', clock_timestamp())
  FROM (
    SELECT DISTINCT ON ("department_id") "department_id", "relation" FROM (
      SELECT p."department_id", p."role" AS "relation", 0 AS "rank" FROM "case_parties" p
      WHERE p."case_id" = NEW."case_id" AND p."role" IN ('requester', 'provider')
      UNION ALL
      SELECT a."id", p."role" || '-authority', 1 FROM "case_parties" p
      JOIN "departments" d ON d."id" = p."department_id"
      JOIN "departments" a ON a."jurisdiction_code" = d."jurisdiction_code" AND a."sector" = 'data-sharing-authority'
      WHERE p."case_id" = NEW."case_id" AND p."role" IN ('requester', 'provider')
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
$$;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "case_events_enqueue_for_webhooks" AFTER INSERT ON "case_events" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "webhook_outbox_enqueue"();
