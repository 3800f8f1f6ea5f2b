-- 0003_ai: AI usage ledger, chat conversations, per-dealership AI budgets (semantic search and chat).
CREATE TABLE "ai_conversations" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"dealership_id" text COLLATE "C" NOT NULL,
	"channel" text NOT NULL,
	"messages" jsonb NOT NULL,
	"turns" integer NOT NULL,
	"version" integer NOT NULL,
	"created_at" timestamp(3) with time zone NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ai_usage" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"dealership_id" text COLLATE "C" NOT NULL,
	"feature" text NOT NULL,
	"provider" text NOT NULL,
	"model_id" text NOT NULL,
	"input_tokens" bigint NOT NULL,
	"output_tokens" bigint NOT NULL,
	"cost_micro_usd" bigint NOT NULL,
	"day" text NOT NULL,
	"at" timestamp(3) with time zone NOT NULL,
	CONSTRAINT "ai_usage_amounts_ck" CHECK ("ai_usage"."input_tokens" >= 0 AND "ai_usage"."output_tokens" >= 0 AND "ai_usage"."cost_micro_usd" >= 0)
);
--> statement-breakpoint
ALTER TABLE "dealerships" ADD COLUMN "ai_daily_budget_micro_usd" bigint;
--> statement-breakpoint
ALTER TABLE "dealerships" ADD COLUMN "ai_monthly_budget_micro_usd" bigint;
--> statement-breakpoint
ALTER TABLE "ai_conversations" ADD CONSTRAINT "ai_conversations_dealership_fk" FOREIGN KEY ("dealership_id") REFERENCES "public"."dealerships"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "ai_usage" ADD CONSTRAINT "ai_usage_dealership_fk" FOREIGN KEY ("dealership_id") REFERENCES "public"."dealerships"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "ai_conversations_dealership_idx" ON "ai_conversations" USING btree ("dealership_id","updated_at");
--> statement-breakpoint
CREATE INDEX "ai_usage_dealership_at_idx" ON "ai_usage" USING btree ("dealership_id","at");
--> statement-breakpoint
CREATE INDEX "ai_usage_dealership_day_idx" ON "ai_usage" USING btree ("dealership_id","day","feature");
