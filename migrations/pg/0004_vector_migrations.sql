CREATE TABLE "vector_documents" (
	"store_key" text NOT NULL,
	"dealership_id" text COLLATE "C" NOT NULL,
	"vehicle_id" text COLLATE "C" NOT NULL,
	"content_hash" text NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL,
	CONSTRAINT "vector_documents_pk" PRIMARY KEY("store_key","dealership_id","vehicle_id")
);
--> statement-breakpoint
CREATE TABLE "vector_migrations" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"target" text NOT NULL,
	"dealership_id" text COLLATE "C",
	"status" text NOT NULL,
	"active_key" text,
	"checkpoint" text,
	"progress" text,
	"verification" text,
	"last_error" text,
	"steps" integer NOT NULL,
	"version" integer NOT NULL,
	"requested_by" text NOT NULL,
	"created_at" timestamp(3) with time zone NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL,
	"finished_at" timestamp(3) with time zone,
	CONSTRAINT "vector_migrations_status_ck" CHECK ("vector_migrations"."status" IN ('running', 'verifying', 'succeeded', 'failed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "vector_migrations_active_uq" ON "vector_migrations" USING btree ("active_key");--> statement-breakpoint
CREATE INDEX "vector_migrations_created_idx" ON "vector_migrations" USING btree ("created_at");