-- When each vehicle's quality score was computed: the background rescore (scraper cron) compares it with
-- the latest change in the vehicle's market segment (same make/model, year band). Hand-written like 0003/0004.
ALTER TABLE `vehicles` ADD `quality_scored_at` text;
