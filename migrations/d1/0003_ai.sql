-- 0003_ai: AI usage ledger, chat conversations, per-dealership AI budgets (semantic search and chat).
CREATE TABLE `ai_conversations` (
	`id` text PRIMARY KEY NOT NULL,
	`dealership_id` text NOT NULL,
	`channel` text NOT NULL,
	`messages` text NOT NULL,
	`turns` integer NOT NULL,
	`version` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`dealership_id`) REFERENCES `dealerships`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ai_conversations_dealership_idx` ON `ai_conversations` (`dealership_id`,`updated_at`);
--> statement-breakpoint
CREATE TABLE `ai_usage` (
	`id` text PRIMARY KEY NOT NULL,
	`dealership_id` text NOT NULL,
	`feature` text NOT NULL,
	`provider` text NOT NULL,
	`model_id` text NOT NULL,
	`input_tokens` integer NOT NULL,
	`output_tokens` integer NOT NULL,
	`cost_micro_usd` integer NOT NULL,
	`day` text NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`dealership_id`) REFERENCES `dealerships`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "ai_usage_amounts_ck" CHECK("ai_usage"."input_tokens" >= 0 AND "ai_usage"."output_tokens" >= 0 AND "ai_usage"."cost_micro_usd" >= 0)
);
--> statement-breakpoint
CREATE INDEX `ai_usage_dealership_at_idx` ON `ai_usage` (`dealership_id`,`at`);
--> statement-breakpoint
CREATE INDEX `ai_usage_dealership_day_idx` ON `ai_usage` (`dealership_id`,`day`,`feature`);
--> statement-breakpoint
ALTER TABLE `dealerships` ADD `ai_daily_budget_micro_usd` integer;
--> statement-breakpoint
ALTER TABLE `dealerships` ADD `ai_monthly_budget_micro_usd` integer;
