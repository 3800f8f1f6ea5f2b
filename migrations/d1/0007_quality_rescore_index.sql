DROP INDEX `vehicles_comparables_idx`;--> statement-breakpoint
CREATE INDEX `vehicles_comparables_idx` ON `vehicles` (lower("make"),lower("model"),`year`,`updated_at`);