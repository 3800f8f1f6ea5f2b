CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`dealership_id` text NOT NULL,
	`name` text NOT NULL,
	`prefix` text NOT NULL,
	`hash` text NOT NULL,
	`created_at` text NOT NULL,
	`revoked_at` text,
	`last_used_at` text,
	FOREIGN KEY (`dealership_id`) REFERENCES `dealerships`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_hash_uq` ON `api_keys` (`hash`);--> statement-breakpoint
CREATE INDEX `api_keys_dealership_idx` ON `api_keys` (`dealership_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `dealerships` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`website_url` text NOT NULL,
	`timezone` text NOT NULL,
	`scrape_schedule` text NOT NULL,
	`rate_limits` text NOT NULL,
	`status` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `price_history` (
	`id` integer PRIMARY KEY NOT NULL,
	`vehicle_id` text NOT NULL,
	`dealership_id` text NOT NULL,
	`price_amount` integer,
	`price_currency` text,
	`observed_at` text NOT NULL,
	`source` text NOT NULL,
	FOREIGN KEY (`vehicle_id`) REFERENCES `vehicles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `price_history_vehicle_idx` ON `price_history` (`vehicle_id`,`observed_at`);--> statement-breakpoint
CREATE TABLE `vehicles` (
	`id` text PRIMARY KEY NOT NULL,
	`dealership_id` text NOT NULL,
	`vin` text NOT NULL,
	`year` integer NOT NULL,
	`make` text NOT NULL,
	`model` text NOT NULL,
	`trim` text,
	`body_style` text,
	`condition` text NOT NULL,
	`price_amount` integer,
	`price_currency` text,
	`mileage` integer,
	`exterior_color` text,
	`exterior_color_family` text,
	`interior_color` text,
	`drivetrain` text,
	`transmission` text,
	`fuel_type` text,
	`engine` text,
	`photos` text NOT NULL,
	`description` text,
	`stock_number` text,
	`source_url` text,
	`status` text NOT NULL,
	`search_text` text NOT NULL,
	`first_seen_at` text NOT NULL,
	`last_seen_at` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`removed_at` text,
	FOREIGN KEY (`dealership_id`) REFERENCES `dealerships`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "vehicles_price_amount_check" CHECK("vehicles"."price_amount" >= 0),
	CONSTRAINT "vehicles_price_currency_check" CHECK(("vehicles"."price_amount" IS NULL) = ("vehicles"."price_currency" IS NULL)),
	CONSTRAINT "vehicles_mileage_check" CHECK("vehicles"."mileage" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `vehicles_dealership_vin_uq` ON `vehicles` (`dealership_id`,`vin`);--> statement-breakpoint
CREATE INDEX `vehicles_newest_idx` ON `vehicles` (`dealership_id`,`status`,`first_seen_at`,`id`);--> statement-breakpoint
CREATE INDEX `vehicles_updated_idx` ON `vehicles` (`dealership_id`,`status`,`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `vehicles_price_idx` ON `vehicles` (`dealership_id`,`status`,`price_amount`,`id`);--> statement-breakpoint
CREATE INDEX `vehicles_year_idx` ON `vehicles` (`dealership_id`,`status`,`year`,`id`);--> statement-breakpoint
CREATE INDEX `vehicles_mileage_idx` ON `vehicles` (`dealership_id`,`status`,`mileage`,`id`);--> statement-breakpoint
CREATE INDEX `vehicles_facets_idx` ON `vehicles` (`dealership_id`,`status`,`make`,`model`,`year`,`body_style`,`condition`,`fuel_type`,`drivetrain`,`exterior_color_family`,`price_amount`,`mileage`);