CREATE TABLE `vector_documents` (
	`store_key` text NOT NULL,
	`dealership_id` text NOT NULL,
	`vehicle_id` text NOT NULL,
	`content_hash` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`store_key`, `dealership_id`, `vehicle_id`)
);
--> statement-breakpoint
CREATE TABLE `vector_migrations` (
	`id` text PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`target` text NOT NULL,
	`dealership_id` text,
	`status` text NOT NULL,
	`active_key` text,
	`checkpoint` text,
	`progress` text,
	`verification` text,
	`last_error` text,
	`steps` integer NOT NULL,
	`version` integer NOT NULL,
	`requested_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`finished_at` text,
	CONSTRAINT "vector_migrations_status_ck" CHECK("vector_migrations"."status" IN ('running', 'verifying', 'succeeded', 'failed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `vector_migrations_active_uq` ON `vector_migrations` (`active_key`);--> statement-breakpoint
CREATE INDEX `vector_migrations_created_idx` ON `vector_migrations` (`created_at`);