DROP TABLE "share_requests" CASCADE;--> statement-breakpoint
DROP TYPE "public"."share_request_stage";