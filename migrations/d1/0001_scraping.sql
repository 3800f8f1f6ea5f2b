CREATE TABLE `idempotency_keys` (
	`dealership_id` text NOT NULL,
	`scope` text NOT NULL,
	`idem_key` text NOT NULL,
	`request_hash` text NOT NULL,
	`resource_id` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`dealership_id`, `scope`, `idem_key`),
	FOREIGN KEY (`dealership_id`) REFERENCES `dealerships`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `scrape_dead_letters` (
	`id` text PRIMARY KEY NOT NULL,
	`job_id` text,
	`dealership_id` text,
	`queue` text NOT NULL,
	`message_id` text NOT NULL,
	`body` text NOT NULL,
	`attempts` integer NOT NULL,
	`reason` text,
	`created_at` text NOT NULL,
	`replayed_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `scrape_dead_letters_message_uq` ON `scrape_dead_letters` (`queue`,`message_id`);--> statement-breakpoint
CREATE INDEX `scrape_dead_letters_job_idx` ON `scrape_dead_letters` (`job_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `scrape_job_errors` (
	`id` integer PRIMARY KEY NOT NULL,
	`job_id` text NOT NULL,
	`url` text,
	`code` text NOT NULL,
	`message` text NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`job_id`) REFERENCES `scrape_jobs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `scrape_job_errors_job_idx` ON `scrape_job_errors` (`job_id`,`id`);--> statement-breakpoint
CREATE TABLE `scrape_job_pages` (
	`job_id` text NOT NULL,
	`url` text NOT NULL,
	`kind` text NOT NULL,
	`round` integer NOT NULL,
	`found_by` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`job_id`, `url`),
	FOREIGN KEY (`job_id`) REFERENCES `scrape_jobs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `scrape_job_pages_round_idx` ON `scrape_job_pages` (`job_id`,`kind`,`round`,`url`);--> statement-breakpoint
CREATE INDEX `scrape_job_pages_found_by_idx` ON `scrape_job_pages` (`job_id`,`found_by`,`kind`);--> statement-breakpoint
CREATE TABLE `scrape_job_seen` (
	`job_id` text NOT NULL,
	`vin` text NOT NULL,
	`vehicle_id` text NOT NULL,
	PRIMARY KEY(`job_id`, `vin`),
	FOREIGN KEY (`job_id`) REFERENCES `scrape_jobs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `scrape_job_tasks` (
	`job_id` text NOT NULL,
	`task_key` text NOT NULL,
	`kind` text NOT NULL,
	`dealership_id` text NOT NULL,
	`urls` text,
	`status` text NOT NULL,
	`lease_token` text,
	`lease_until` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`result` text,
	`created_at` text NOT NULL,
	`completed_at` text,
	PRIMARY KEY(`job_id`, `task_key`),
	FOREIGN KEY (`job_id`) REFERENCES `scrape_jobs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `scrape_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`dealership_id` text NOT NULL,
	`trigger` text NOT NULL,
	`status` text NOT NULL,
	`website_url` text NOT NULL,
	`budget` text NOT NULL,
	`requested_by` text NOT NULL,
	`pages_queued` integer DEFAULT 0 NOT NULL,
	`pages_fetched` integer DEFAULT 0 NOT NULL,
	`pages_failed` integer DEFAULT 0 NOT NULL,
	`vehicles_found` integer DEFAULT 0 NOT NULL,
	`vehicles_new` integer DEFAULT 0 NOT NULL,
	`vehicles_updated` integer DEFAULT 0 NOT NULL,
	`vehicles_unchanged` integer DEFAULT 0 NOT NULL,
	`vehicles_removed` integer DEFAULT 0 NOT NULL,
	`error_count` integer DEFAULT 0 NOT NULL,
	`batches_total` integer DEFAULT 0 NOT NULL,
	`batches_done` integer DEFAULT 0 NOT NULL,
	`discovery_done` integer DEFAULT 0 NOT NULL,
	`bytes_fetched` integer DEFAULT 0 NOT NULL,
	`truncated` text,
	`review` text,
	`scheduled_for` text,
	`last_error` text,
	`replays` integer DEFAULT 0 NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL,
	`started_at` text,
	`finished_at` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`dealership_id`) REFERENCES `dealerships`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `scrape_jobs_dealership_idx` ON `scrape_jobs` (`dealership_id`,`status`,`id`);--> statement-breakpoint
CREATE INDEX `scrape_jobs_dealership_id_idx` ON `scrape_jobs` (`dealership_id`,`id`);--> statement-breakpoint
CREATE INDEX `scrape_jobs_status_idx` ON `scrape_jobs` (`status`,`id`);--> statement-breakpoint
CREATE TABLE `scrape_state` (
	`dealership_id` text PRIMARY KEY NOT NULL,
	`active_job_id` text,
	`active_since` text,
	`last_slot_at` text,
	`last_schedule_error` text,
	`last_schedule_error_at` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`dealership_id`) REFERENCES `dealerships`(`id`) ON UPDATE no action ON DELETE cascade
);
