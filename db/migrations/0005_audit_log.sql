CREATE TABLE "audit_checkpoints" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tree_size" bigint NOT NULL,
	"root_hash" text NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	"suite" text NOT NULL,
	"key_id" text NOT NULL,
	"signature" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"log_index" bigint PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"seq" integer NOT NULL,
	"event_hash" text NOT NULL,
	"appended_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log_nodes" (
	"level" smallint NOT NULL,
	"node_index" bigint NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_log_nodes_level_node_index_pk" PRIMARY KEY("level","node_index")
);
--> statement-breakpoint
CREATE TABLE "audit_log_pending" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"seq" integer NOT NULL,
	"event_hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_signing_keys" (
	"key_id" text PRIMARY KEY NOT NULL,
	"suite" text NOT NULL,
	"public_key" text NOT NULL,
	"first_used_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_checkpoints" ADD CONSTRAINT "audit_checkpoints_key_id_audit_signing_keys_key_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."audit_signing_keys"("key_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_checkpoints_size_idx" ON "audit_checkpoints" USING btree ("tree_size","id");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_log_event_idx" ON "audit_log" USING btree ("case_id","seq","event_hash");--> statement-breakpoint
-- Art. 35: the log, its stored subtrees, the checkpoints and their keys only ever grow. (The
-- database owner can still switch triggers off: the signed checkpoints are what detect that.)
CREATE FUNCTION "audit_log_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END
$$;--> statement-breakpoint
CREATE TRIGGER "audit_log_append_only" BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION "audit_log_refuse_change"();--> statement-breakpoint
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_refuse_change"();--> statement-breakpoint
CREATE TRIGGER "audit_log_nodes_append_only" BEFORE UPDATE OR DELETE ON "audit_log_nodes" FOR EACH ROW EXECUTE FUNCTION "audit_log_refuse_change"();--> statement-breakpoint
CREATE TRIGGER "audit_log_nodes_no_truncate" BEFORE TRUNCATE ON "audit_log_nodes" FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_refuse_change"();--> statement-breakpoint
CREATE TRIGGER "audit_checkpoints_append_only" BEFORE UPDATE OR DELETE ON "audit_checkpoints" FOR EACH ROW EXECUTE FUNCTION "audit_log_refuse_change"();--> statement-breakpoint
CREATE TRIGGER "audit_checkpoints_no_truncate" BEFORE TRUNCATE ON "audit_checkpoints" FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_refuse_change"();--> statement-breakpoint
CREATE TRIGGER "audit_signing_keys_append_only" BEFORE UPDATE OR DELETE ON "audit_signing_keys" FOR EACH ROW EXECUTE FUNCTION "audit_log_refuse_change"();--> statement-breakpoint
CREATE TRIGGER "audit_signing_keys_no_truncate" BEFORE TRUNCATE ON "audit_signing_keys" FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_refuse_change"();--> statement-breakpoint
-- Every event written is queued for the sequencer, with its hash as written.
CREATE FUNCTION "audit_log_enqueue"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "audit_log_pending" ("case_id", "seq", "event_hash") VALUES (NEW."case_id", NEW."seq", NEW."hash");
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "case_events_enqueue_for_audit_log" AFTER INSERT ON "case_events" FOR EACH ROW EXECUTE FUNCTION "audit_log_enqueue"();--> statement-breakpoint
-- The events recorded before the log, in a stable order.
INSERT INTO "audit_log_pending" ("case_id", "seq", "event_hash")
SELECT "case_id", "seq", "hash" FROM "case_events" ORDER BY "at", "case_id", "seq";
