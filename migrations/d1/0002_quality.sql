ALTER TABLE `vehicles` ADD `quality_score` integer;--> statement-breakpoint
ALTER TABLE `vehicles` ADD `quality` text;--> statement-breakpoint
ALTER TABLE `vehicles` ADD `quality_rules_version` text;--> statement-breakpoint
CREATE INDEX `vehicles_quality_idx` ON `vehicles` (`dealership_id`,`status`,`quality_score`);--> statement-breakpoint
CREATE INDEX `vehicles_comparables_idx` ON `vehicles` (lower("make"),lower("model"),`year`);