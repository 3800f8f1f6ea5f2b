ALTER TABLE "vehicles" ADD COLUMN "quality_score" integer;--> statement-breakpoint
ALTER TABLE "vehicles" ADD COLUMN "quality" jsonb;--> statement-breakpoint
ALTER TABLE "vehicles" ADD COLUMN "quality_rules_version" text;--> statement-breakpoint
CREATE INDEX "vehicles_quality_idx" ON "vehicles" USING btree ("dealership_id","status","quality_score");--> statement-breakpoint
CREATE INDEX "vehicles_comparables_idx" ON "vehicles" USING btree (lower("make"),lower("model"),"year");