-- The correlation id (the API request's X-Request-Id, or the cron tick's id) that created each scrape job,
-- so a job record leads to every log line of its request and consumers (docs/operations.md "Logs").
-- Hand-written like 0003-0005.
ALTER TABLE "scrape_jobs" ADD COLUMN "request_id" text;
