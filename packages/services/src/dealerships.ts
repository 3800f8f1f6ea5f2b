import type { DealershipPatch, Repositories } from "@forecourt/db";
import {
  DEFAULT_RATE_LIMITS,
  DEFAULT_SCRAPE_SCHEDULE,
  type Dealership,
  type DealershipStatus,
  type Page,
  type Principal,
  type RateLimitRule,
  type RateLimitSettings,
  type ScrapeSchedule,
} from "@forecourt/domain";
import type { Clock } from "./clock";
import { badRequest, forbidden, type Issue, isInvalidCursor, notFound, validationFailed } from "./errors";
import { newId } from "./ids";
import { CONTROL_CHARS, collapse } from "./inventory/normalize";
import { authorizeDealership, requirePlatformAdmin, requireUser } from "./policy";

export interface CreateDealershipInput {
  name: string;
  websiteUrl: string;
  timezone?: string;
  scrapeSchedule?: Partial<ScrapeSchedule>;
  rateLimits?: Partial<RateLimitSettings>;
  status?: DealershipStatus;
}

export type UpdateDealershipInput = Partial<{
  name: string;
  websiteUrl: string;
  timezone: string;
  scrapeSchedule: Partial<ScrapeSchedule>;
  rateLimits: Partial<RateLimitSettings>;
  status: DealershipStatus;
}>;

/** Fields only platform operators may change: status is a commercial/operational switch, limits are quotas. */
export const PLATFORM_ONLY_FIELDS = ["status", "rateLimits"] as const;

export const RATE_LIMIT_BOUNDS = { limitMax: 100_000, windowSecondsMax: 86_400 } as const;

export class DealershipService {
  constructor(
    private readonly repos: Repositories,
    private readonly clock: Clock,
  ) {}

  async create(principal: Principal, input: CreateDealershipInput): Promise<Dealership> {
    requirePlatformAdmin(principal, "create dealerships");
    const issues: Issue[] = [];
    const name = checkName(input.name, issues);
    const websiteUrl = checkWebsiteUrl(input.websiteUrl, issues);
    const timezone = checkTimezone(input.timezone ?? "America/New_York", issues);
    const scrapeSchedule = checkSchedule({ ...DEFAULT_SCRAPE_SCHEDULE, ...input.scrapeSchedule }, issues);
    const rateLimits = checkRateLimits({ ...DEFAULT_RATE_LIMITS, ...input.rateLimits }, issues);
    if (issues.length > 0) throw validationFailed("the dealership has invalid fields; see details", issues);
    const now = this.clock.now();
    return this.repos.dealerships.create({
      id: newId("dlr", now.getTime()),
      name,
      websiteUrl,
      timezone,
      scrapeSchedule,
      rateLimits,
      status: input.status ?? "active",
      now: now.toISOString(),
    });
  }

  /** Platform operators see every dealership; dealer roles see the ones their token names. */
  async list(principal: Principal, opts: { limit: number; cursor?: string }): Promise<Page<Dealership>> {
    const user = requireUser(principal, "list dealerships");
    const ids = user.role === "platform_admin" ? undefined : user.dealershipIds;
    try {
      return await this.repos.dealerships.list({ ids, limit: opts.limit, cursor: opts.cursor });
    } catch (err) {
      if (isInvalidCursor(err))
        throw badRequest("cursor is not valid for this list; drop it to start from the first page");
      throw err;
    }
  }

  async get(principal: Principal, id: string): Promise<Dealership> {
    authorizeDealership(principal, id, "read");
    const dealership = await this.repos.dealerships.get(id);
    if (!dealership) throw notFound("dealership", id);
    return dealership;
  }

  /**
   * platform_admin may change everything; dealer_admin may change their own dealership's name, website,
   * timezone and scrape schedule, not `status` or `rateLimits` (403); dealer_staff may change nothing (403).
   */
  async update(principal: Principal, id: string, input: UpdateDealershipInput): Promise<Dealership> {
    authorizeDealership(principal, id, "admin");
    const isPlatform = principal.kind === "user" && principal.role === "platform_admin";
    if (!isPlatform) {
      const touched = PLATFORM_ONLY_FIELDS.filter((f) => input[f] !== undefined);
      if (touched.length > 0) {
        throw forbidden(
          `only platform operators can change ${touched.join(" and ")}; remove them from the request`,
        );
      }
    }
    const current = await this.repos.dealerships.get(id);
    if (!current) throw notFound("dealership", id);

    const issues: Issue[] = [];
    const patch: DealershipPatch = {};
    if (input.name !== undefined) patch.name = checkName(input.name, issues);
    if (input.websiteUrl !== undefined) patch.websiteUrl = checkWebsiteUrl(input.websiteUrl, issues);
    if (input.timezone !== undefined) patch.timezone = checkTimezone(input.timezone, issues);
    if (input.scrapeSchedule !== undefined) {
      patch.scrapeSchedule = checkSchedule({ ...current.scrapeSchedule, ...input.scrapeSchedule }, issues);
    }
    if (input.rateLimits !== undefined) {
      patch.rateLimits = checkRateLimits({ ...current.rateLimits, ...input.rateLimits }, issues);
    }
    if (input.status !== undefined) patch.status = input.status;
    if (issues.length > 0) throw validationFailed("the update has invalid fields; see details", issues);
    if (Object.keys(patch).length === 0) return current;
    const updated = await this.repos.dealerships.update(id, patch, this.clock.now().toISOString());
    if (!updated) throw notFound("dealership", id);
    return updated;
  }

  /**
   * Internal (no principal): what the API's rate limiter and key check need about a dealership.
   * Null when there is no such dealership.
   */
  async limits(id: string): Promise<{ rateLimits: RateLimitSettings; status: DealershipStatus } | null> {
    const d = await this.repos.dealerships.get(id);
    return d ? { rateLimits: d.rateLimits, status: d.status } : null;
  }
}

function checkName(name: string, issues: Issue[]): string {
  const v = collapse(name);
  if (v.length < 1 || v.length > 200 || CONTROL_CHARS.test(v)) {
    issues.push({
      path: ["name"],
      code: "invalid_name",
      message: "name must be 1 to 200 printable characters",
    });
  }
  return v;
}

function checkWebsiteUrl(raw: string, issues: Issue[]): string {
  const v = raw.trim();
  let url: URL | null = null;
  try {
    url = new URL(v);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
    issues.push({ path: ["websiteUrl"], code: "invalid_url", message: "websiteUrl must be an http(s) URL" });
    return v;
  }
  if (url.username || url.password) {
    issues.push({
      path: ["websiteUrl"],
      code: "invalid_url",
      message: "websiteUrl must not contain credentials",
    });
  }
  return url.toString();
}

function checkTimezone(tz: string, issues: Issue[]): string {
  const v = tz.trim();
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: v });
    return v;
  } catch {
    issues.push({
      path: ["timezone"],
      code: "invalid_timezone",
      message: `timezone ${JSON.stringify(v)} is not an IANA timezone such as "America/Chicago"`,
    });
    return v;
  }
}

const CRON_FIELD = /^(\*|\d{1,2}(-\d{1,2})?)(\/\d{1,2})?(,(\*|\d{1,2}(-\d{1,2})?)(\/\d{1,2})?)*$/;
const CRON_RANGES: [number, number][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];

/** Five-field cron: minute hour day-of-month month day-of-week; numbers, ranges, steps and lists. */
export function isValidCron(expr: string): boolean {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5) return false;
  return fields.every((f, i) => {
    if (!CRON_FIELD.test(f)) return false;
    const [lo, hi] = CRON_RANGES[i]!;
    for (const n of f.match(/\d+/g) ?? []) {
      const isStep = f.includes(`/${n}`);
      const v = Number(n);
      if (isStep ? v < 1 || v > hi : v < lo || v > hi) return false;
    }
    return true;
  });
}

function checkSchedule(s: ScrapeSchedule, issues: Issue[]): ScrapeSchedule {
  const cron = s.cron.trim().replace(/\s+/g, " ");
  if (!isValidCron(cron)) {
    issues.push({
      path: ["scrapeSchedule", "cron"],
      code: "invalid_cron",
      message: `cron ${JSON.stringify(s.cron)} is not a five-field cron expression such as "0 3 * * *"`,
    });
  }
  return { enabled: s.enabled, cron };
}

function checkRule(rule: RateLimitRule, path: string, issues: Issue[]): RateLimitRule {
  if (!Number.isInteger(rule.limit) || rule.limit < 1 || rule.limit > RATE_LIMIT_BOUNDS.limitMax) {
    issues.push({
      path: ["rateLimits", path, "limit"],
      code: "out_of_range",
      message: `limit must be an integer from 1 to ${RATE_LIMIT_BOUNDS.limitMax}`,
    });
  }
  if (
    !Number.isInteger(rule.windowSeconds) ||
    rule.windowSeconds < 1 ||
    rule.windowSeconds > RATE_LIMIT_BOUNDS.windowSecondsMax
  ) {
    issues.push({
      path: ["rateLimits", path, "windowSeconds"],
      code: "out_of_range",
      message: `windowSeconds must be an integer from 1 to ${RATE_LIMIT_BOUNDS.windowSecondsMax}`,
    });
  }
  return { limit: rule.limit, windowSeconds: rule.windowSeconds };
}

function checkRateLimits(s: RateLimitSettings, issues: Issue[]): RateLimitSettings {
  return { public: checkRule(s.public, "public", issues), staff: checkRule(s.staff, "staff", issues) };
}
