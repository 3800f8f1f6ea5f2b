import type { Repositories, ScrapeCountersDelta, ScrapePage, ScrapeTask, VehicleWrite } from "@forecourt/db";
import {
  ACTIVE_SCRAPE_STATUSES,
  type ScrapeError,
  type ScrapeJob,
  type ScrapeJobStatus,
  type ScrapeReview,
} from "@forecourt/domain";
import { type ExtractedVehicle, extractPage, vdpScore } from "@forecourt/extract";
import type { Clock } from "../clock";
import { newId } from "../ids";
import { CONTROL_CHARS, LIMITS, type VehicleInput } from "../inventory/normalize";
import type { InventoryEvents, InventoryService } from "../inventory/service";
import type { QualityService } from "../quality/service";
import {
  type CrawlerFactory,
  canonicalListingUrl,
  canonicalPageUrl,
  parseSitemap,
  sameSite,
} from "./crawler";
import { assessHealth } from "./health";
import { keepKnownFields } from "./keep-known-fields";
import {
  discoverTaskKey,
  fetchTaskKey,
  invalidMessage,
  messageRefs,
  type ScheduleMessage,
  type ScheduleScanMessage,
  type ScrapeMessage,
  type ScrapeQueue,
  sendAll,
} from "./messages";
import type { ScrapeScheduler } from "./schedule";
import type { ScrapeSettings } from "./settings";
import { jobSnapshot, type ProgressSink } from "./snapshot";

/** What the queue consumer does with a message after `handle`. */
export type MessageOutcome =
  | { action: "ack"; note?: string }
  | { action: "retry"; delaySeconds: number; note: string };

export interface MessageMeta {
  /** The queue's message id (stable across redeliveries of one message). */
  id: string;
  /** 1-based delivery attempt. */
  attempts: number;
}

/** The dealer's site cannot be reached at all right now: the message is retried with backoff. */
export class SiteUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SiteUnavailableError";
  }
}

export interface PipelineDeps {
  repos: Repositories;
  clock: Clock;
  queue: ScrapeQueue;
  progress: ProgressSink;
  crawlers: CrawlerFactory;
  /** Validation and normalisation of vehicles: the same rules as the API (InventoryService.validate). */
  inventory: Pick<InventoryService, "validate">;
  events: InventoryEvents | null;
  settings: ScrapeSettings;
  /** Scores written vehicles after each batch and rescores the dealership after reconcile; optional. */
  quality?: Pick<QualityService, "scoreVehicles" | "rescore"> | null;
  /** Runs the scheduler's `schedule` / `schedule-scan` messages; without it they are retried (then dead). */
  scheduler?: Pick<ScrapeScheduler, "startDue" | "scan"> | null;
  log?: (level: "info" | "warn" | "error", message: string, fields?: Record<string, unknown>) => void;
}

const RUNNING: readonly ScrapeJobStatus[] = ["discovering", "fetching"];
const LISTING_HINT = /(inventory|used|new|pre-?owned|certified|search|vehicles|cars|stock|listings?)/i;

interface DiscoverResult {
  result: { batches: string[]; next: { round: number; offset: number } | null };
}

/**
 * The scraper's rules, one method per queue message (SPEC capability 3). Every message is idempotent:
 * it claims its task (lease), does the work, and completes the task together with its effects on the job
 * in one atomic write; a duplicate finds the task done and only re-sends the follow-up messages.
 */
export class ScrapePipeline {
  constructor(private readonly deps: PipelineDeps) {}

  private get repos() {
    return this.deps.repos;
  }
  private now(): Date {
    return this.deps.clock.now();
  }
  private log(level: "info" | "warn" | "error", message: string, fields: Record<string, unknown> = {}) {
    this.deps.log?.(level, message, fields);
  }

  /** Routes one message. Throws for failures worth a retry (the consumer backs off and retries). */
  async handle(body: unknown, meta: MessageMeta): Promise<MessageOutcome> {
    const invalid = invalidMessage(body);
    if (invalid) {
      // Retrying cannot fix a malformed body: record it as dead at once.
      await this.recordDead(
        body,
        { queue: "scrape-jobs", messageId: meta.id, attempts: meta.attempts },
        `malformed message: ${invalid}`,
      );
      return { action: "ack", note: `malformed: ${invalid}` };
    }
    const msg = body as ScrapeMessage;
    switch (msg.type) {
      case "schedule":
        return this.schedule(msg);
      case "schedule-scan":
        return this.scheduleScan(msg);
      case "discover":
        return this.discover(msg, meta);
      case "fetch-batch":
        return this.fetchBatch(msg, meta);
      case "reconcile":
        return this.reconcile(msg);
    }
  }

  /** Starts the scheduled scrapes a `schedule` message names (see ScrapeScheduler.startDue). */
  private async schedule(msg: ScheduleMessage): Promise<MessageOutcome> {
    const r = await this.requireScheduler().startDue(msg);
    for (const f of r.failed) {
      this.log("warn", "scheduled scrape not started", {
        dealershipId: f.dealershipId,
        errorMessage: f.error,
      });
    }
    return {
      action: "ack",
      note: `schedule: ${r.started} started, ${r.existing} existing, ${r.busy} busy, ${r.skipped} skipped, ${r.failed.length} failed`,
    };
  }

  /** Continues a cron tick's scan of dealerships (see ScrapeScheduler.scan). */
  private async scheduleScan(msg: ScheduleScanMessage): Promise<MessageOutcome> {
    const r = await this.requireScheduler().scan({
      at: new Date(msg.at),
      cursor: msg.cursor,
      requestId: msg.requestId,
    });
    return {
      action: "ack",
      note: `schedule-scan: ${r.checked} checked, ${r.due} due, ${r.messages} messages${r.continued ? ", continued" : ""}`,
    };
  }

  private requireScheduler(): Pick<ScrapeScheduler, "startDue" | "scan"> {
    if (!this.deps.scheduler) throw new Error("this consumer has no scheduler to run schedule messages");
    return this.deps.scheduler;
  }

  /** A failed attempt: recorded on the job (its error list and lastError), never thrown. */
  async recordAttemptFailure(body: unknown, meta: MessageMeta, error: unknown): Promise<void> {
    const { jobId } = messageRefs(body);
    if (!jobId) return;
    const type =
      typeof body === "object" && body !== null ? String((body as { type?: unknown }).type) : "message";
    const message = `${type} message failed (attempt ${meta.attempts}): ${errorText(error)}`;
    const at = this.now().toISOString();
    try {
      await this.repos.scrapes.addErrors(
        jobId,
        [{ url: null, code: "message_failed", message, at }],
        this.deps.settings.errorCap,
        at,
      );
      const job = await this.repos.scrapes.updateJob(jobId, { now: at, lastError: message });
      if (job) await this.publish(job);
    } catch (err) {
      this.log("warn", "could not record a failed attempt", { jobId, errorMessage: errorText(err) });
    }
  }

  /**
   * The dead-letter consumer: a message exhausted its retries. Records it (once per message) and marks its
   * job `dead` unless the job already ended; a dead job frees its dealership for new scrapes.
   */
  async recordDead(
    body: unknown,
    meta: { queue: string; messageId: string; attempts: number },
    reason?: string,
  ): Promise<void> {
    const { jobId, dealershipId } = messageRefs(body);
    const now = this.now().toISOString();
    const job = jobId ? await this.repos.scrapes.getJob(jobId, { errorsLimit: 0 }) : null;
    let text: string;
    try {
      text = JSON.stringify(body) ?? String(body);
    } catch {
      text = String(body);
    }
    await this.repos.scrapes.recordDeadLetter({
      id: newId("dlq", Date.parse(now)),
      jobId: job ? job.id : null,
      dealershipId: job ? job.dealershipId : dealershipId,
      queue: meta.queue,
      messageId: meta.messageId,
      body: text.slice(0, 64_000),
      attempts: meta.attempts,
      reason: reason ?? job?.lastError ?? null,
      now,
    });
    if (!job) return;
    const dead = await this.repos.scrapes.updateJob(job.id, {
      now,
      from: ACTIVE_SCRAPE_STATUSES,
      status: "dead",
      finish: true,
      lastError: reason ?? job.lastError ?? "a message exhausted its retries",
      releaseClaim: true,
    });
    if (dead) {
      this.log("warn", "scrape job is dead", { jobId: job.id, dealershipId: job.dealershipId });
      await this.publish(dead);
    }
  }

  // -------------------------------------------------------------------------------------------
  // discover

  private async discover(
    msg: Extract<ScrapeMessage, { type: "discover" }>,
    meta: MessageMeta,
  ): Promise<MessageOutcome> {
    let job = await this.repos.scrapes.getJob(msg.jobId, { errorsLimit: 0 });
    if (!job || job.dealershipId !== msg.dealershipId) return { action: "ack", note: "unknown job" };
    const now = this.now().toISOString();
    if (job.status === "queued") {
      job =
        (await this.repos.scrapes.updateJob(job.id, {
          now,
          from: ["queued"],
          status: "discovering",
          start: true,
        })) ?? job;
      await this.publish(job);
    }
    const key = discoverTaskKey(msg.round, msg.offset);
    const existing = await this.repos.scrapes.getTask(job.id, key);
    if (existing?.status === "done") {
      // A duplicate (or a retry after the follow-ups failed to send): send them again, harmlessly.
      if (RUNNING.includes(job.status) || job.status === "dead") {
        await this.discoverFollowUps(job, msg, existing.result as DiscoverResult["result"]);
      }
      return { action: "ack", note: "duplicate: task already done" };
    }
    if (job.discoveryDone && !existing) return { action: "ack", note: "discovery already done" };
    if (job.status !== "discovering" && job.status !== "dead")
      return { action: "ack", note: `job is ${job.status}` };

    await this.repos.scrapes.ensureTasks(
      job.id,
      job.dealershipId,
      [{ taskKey: key, kind: "discover", urls: null }],
      now,
    );
    const claim = await this.claim(job.id, key, meta);
    if (claim.outcome) {
      if (claim.task?.status === "done") {
        await this.discoverFollowUps(job, msg, claim.task.result as DiscoverResult["result"]);
      }
      return claim.outcome;
    }
    const token = claim.token;
    try {
      const work = await this.runDiscover(job, msg, key);
      if (work === "failed") {
        await this.repos.scrapes.releaseTask(job.id, key, token);
        return { action: "ack", note: "job failed" };
      }
      const found = await this.repos.scrapes.pagesFoundBy(job.id, key);
      const vdps = found.filter((p) => p.kind === "vdp").map((p) => p.url);
      const batches: { taskKey: string; kind: "fetch"; urls: string[] }[] = [];
      for (let i = 0; i * this.deps.settings.batchSize < vdps.length; i++) {
        const urls = vdps.slice(i * this.deps.settings.batchSize, (i + 1) * this.deps.settings.batchSize);
        batches.push({ taskKey: fetchTaskKey(key, i), kind: "fetch", urls });
      }
      await this.repos.scrapes.ensureTasks(job.id, job.dealershipId, batches, now);
      const next = await this.nextDiscover(job.id, msg.round, msg.offset);
      const result: DiscoverResult["result"] = { batches: batches.map((b) => b.taskKey), next };
      const done = await this.repos.scrapes.completeTask(job.id, key, token, {
        now: this.now().toISOString(),
        result,
        counters: {
          pagesQueued: found.length,
          pagesFetched: work.pagesFetched,
          pagesFailed: work.pagesFailed,
          bytesFetched: work.bytes,
          batchesTotal: batches.length,
        },
        errors: work.errors,
        errorCap: this.deps.settings.errorCap,
        discoveryDone: next === null,
        truncated: work.truncated ?? undefined,
      });
      if (!done) return { action: "ack", note: "lease lost to another delivery" };
      let job2 = done;
      if (next === null) {
        job2 =
          (await this.repos.scrapes.updateJob(job.id, {
            now: this.now().toISOString(),
            from: ["discovering"],
            status: "fetching",
          })) ?? done;
      }
      await this.publish(job2);
      await this.discoverFollowUps(job2, msg, result);
      return { action: "ack" };
    } catch (err) {
      await this.repos.scrapes.releaseTask(job.id, key, token).catch(() => {});
      throw err;
    }
  }

  /** After a discover task: its fetch batches, the next discover slice, or reconcile. Safe to repeat. */
  private async discoverFollowUps(
    job: ScrapeJob,
    msg: Extract<ScrapeMessage, { type: "discover" }>,
    result: DiscoverResult["result"],
  ): Promise<void> {
    const messages: ScrapeMessage[] = result.batches.map((task) => ({
      v: 1,
      type: "fetch-batch",
      jobId: job.id,
      dealershipId: job.dealershipId,
      task,
      requestId: msg.requestId,
    }));
    if (result.next) {
      messages.push({
        v: 1,
        type: "discover",
        jobId: job.id,
        dealershipId: job.dealershipId,
        round: result.next.round,
        offset: result.next.offset,
        requestId: msg.requestId,
      });
    }
    await sendAll(this.deps.queue, messages);
    if (!result.next) await this.maybeReconcile(job, msg.requestId);
  }

  /** Slices of a round run one after another; the next round starts when this one is exhausted. */
  private async nextDiscover(
    jobId: string,
    round: number,
    offset: number,
  ): Promise<{ round: number; offset: number } | null> {
    const per = this.deps.settings.listingPagesPerMessage;
    const current = await this.repos.scrapes.frontier(jobId, round, { offset: 0, limit: 0 });
    if (offset + per < current.total) return { round, offset: offset + per };
    if (round + 1 > this.deps.settings.maxRounds) return null;
    const following = await this.repos.scrapes.frontier(jobId, round + 1, { offset: 0, limit: 0 });
    return following.total > 0 ? { round: round + 1, offset: 0 } : null;
  }

  private async runDiscover(
    job: ScrapeJob,
    msg: Extract<ScrapeMessage, { type: "discover" }>,
    key: string,
  ): Promise<
    | {
        pagesFetched: number;
        pagesFailed: number;
        bytes: number;
        errors: ScrapeError[];
        truncated: string | null;
      }
    | "failed"
  > {
    const s = this.deps.settings;
    const budget = this.budgetOf(job);
    const crawler = this.deps.crawlers.forJob(job);
    const errors: ScrapeError[] = [];
    const at = () => this.now().toISOString();
    const entry = job.websiteUrl;
    let pagesFetched = 0;
    let pagesFailed = 0;
    let bytes = 0;
    let truncated: string | null = null;
    const newPages: ScrapePage[] = [];

    if (msg.round === 0 && msg.offset === 0) {
      const refusal = crawler.refusal(entry);
      if (refusal) {
        await this.failJob(job, `the website URL cannot be crawled: ${refusal}`, {
          url: entry,
          code: "ssrf_refused",
        });
        return "failed";
      }
      const robots = await crawler.robots(entry);
      if (!robots.isAllowed(entry)) {
        if (robots.state === "disallow_all" && robots.detail.includes("unreachable")) {
          throw new SiteUnavailableError(
            `robots.txt of ${new URL(entry).origin} is unreachable: ${robots.detail}`,
          );
        }
        await this.failJob(job, `robots.txt disallows crawling ${entry} (${robots.detail})`, {
          url: entry,
          code: "robots_disallowed",
        });
        return "failed";
      }
      newPages.push({ url: canonicalPageUrl(entry) ?? entry, kind: "srp", round: 0 });
      // Sitemaps: those robots.txt names, and the conventional /sitemap.xml.
      const queue = [...robots.sitemaps(), new URL("/sitemap.xml", entry).href];
      const seenMaps = new Set<string>();
      let listingSeeds = 0;
      let sitemapUrls = 0;
      while (queue.length > 0 && seenMaps.size < s.maxSitemaps) {
        const mapUrl = canonicalPageUrl(queue.shift() as string);
        if (!mapUrl || seenMaps.has(mapUrl) || !sameSite(mapUrl, entry)) continue;
        seenMaps.add(mapUrl);
        const res = await crawler.fetchPage(mapUrl, { expect: "text", maxBytes: 20 * 1024 * 1024 });
        if (!res.ok) continue; // a missing sitemap is normal; listing pages remain
        bytes += res.bytes;
        const parsed = parseSitemap(res.body, s.maxSitemapUrls - sitemapUrls);
        if (parsed.index) {
          queue.push(...parsed.urls);
          continue;
        }
        for (const raw of parsed.urls) {
          sitemapUrls++;
          const url = canonicalPageUrl(raw);
          if (!url || !sameSite(url, entry)) continue;
          if (vdpScore(new URL(url)) >= 3) newPages.push({ url, kind: "vdp", round: 0 });
          else if (listingSeeds < 50 && LISTING_HINT.test(new URL(url).pathname)) {
            newPages.push({ url, kind: "srp", round: 0 });
            listingSeeds++;
          }
        }
      }
      await this.addPagesWithinBudget(job, newPages.splice(0), key, (reason) => {
        truncated ??= reason;
      });
    }

    const frontier = await this.repos.scrapes.frontier(job.id, msg.round, {
      offset: msg.offset,
      limit: s.listingPagesPerMessage,
    });
    const deadline = Date.parse(job.startedAt ?? job.createdAt) + budget.maxSeconds * 1000;
    const robots = await crawler.robots(entry);
    for (const url of frontier.urls) {
      if (this.now().getTime() > deadline) {
        truncated ??= `time budget of ${budget.maxSeconds} s reached during discovery`;
        break;
      }
      if (job.bytesFetched + bytes > budget.maxBytes) {
        truncated ??= `byte budget of ${budget.maxBytes} bytes reached during discovery`;
        break;
      }
      if (!robots.isAllowed(url)) {
        pagesFailed++;
        errors.push({ url, code: "robots_disallowed", message: "robots.txt disallows this page", at: at() });
        continue;
      }
      const res = await crawler.fetchPage(url);
      if (!res.ok) {
        pagesFailed++;
        errors.push({ url, code: res.code, message: res.message, at: at() });
        if (msg.round === 0 && url === canonicalPageUrl(entry) && res.transient) {
          throw new SiteUnavailableError(`the website ${url} is unavailable: ${res.message}`);
        }
        continue;
      }
      pagesFetched++;
      bytes += res.bytes;
      let extracted: ReturnType<typeof extractPage>;
      try {
        extracted = extractPage(res.body, res.url);
      } catch (err) {
        errors.push({ url, code: "extract_failed", message: errorText(err), at: at() });
        continue;
      }
      const candidates = new Set<string>(extracted.links.vdp);
      for (const v of extracted.vehicles) if (v.url && v.url !== res.url) candidates.add(v.url);
      if (extracted.pageKind === "vdp") candidates.add(res.url);
      for (const raw of candidates) {
        const u = canonicalPageUrl(raw, res.url);
        if (u && sameSite(u, entry)) newPages.push({ url: u, kind: "vdp", round: 0 });
      }
      const listings = [...extracted.links.srp, ...(extracted.links.next ? [extracted.links.next] : [])];
      for (const raw of listings) {
        const u = canonicalListingUrl(raw, res.url);
        if (u && sameSite(u, entry)) newPages.push({ url: u, kind: "srp", round: msg.round + 1 });
      }
    }
    await this.addPagesWithinBudget(job, newPages, key, (reason) => {
      truncated ??= reason;
    });
    return { pagesFetched, pagesFailed, bytes, errors, truncated };
  }

  /**
   * The budget this Worker enforces on a job: the job's own (set when it was created, possibly lowered by the
   * caller), capped field by field by this scraper's configured budget (SCRAPER_JOB_MAX_PAGES / _BYTES /
   * _SECONDS), so an operator's limit holds for jobs created anywhere (API, cron, replay).
   */
  private budgetOf(job: ScrapeJob): ScrapeJob["budget"] {
    const cap = this.deps.settings.budget;
    return {
      maxPages: Math.min(job.budget.maxPages, cap.maxPages),
      maxBytes: Math.min(job.budget.maxBytes, cap.maxBytes),
      maxSeconds: Math.min(job.budget.maxSeconds, cap.maxSeconds),
    };
  }

  /** Adds pages up to the job's page budget (and the listing-page cap); reports what was cut. */
  private async addPagesWithinBudget(
    job: ScrapeJob,
    pages: ScrapePage[],
    key: string,
    cut: (reason: string) => void,
  ): Promise<void> {
    if (pages.length === 0) return;
    const s = this.deps.settings;
    const budget = this.budgetOf(job);
    // De-duplicate within the call; a URL seen as both keeps its first kind (detail pages come first).
    const unique = new Map<string, ScrapePage>();
    for (const p of [...pages.filter((p) => p.kind === "vdp"), ...pages.filter((p) => p.kind === "srp")]) {
      if (!unique.has(p.url)) unique.set(p.url, p);
    }
    let list = [...unique.values()];
    const have = await this.repos.scrapes.countPages(job.id);
    const room = Math.max(0, budget.maxPages - have);
    if (list.length > room) {
      cut(`page budget of ${budget.maxPages} pages reached`);
      list = list.slice(0, room);
    }
    const listing = list.filter((p) => p.kind === "srp");
    // The listing-page cap counts listing pages only (a sitemap may have recorded thousands of detail pages).
    const haveListing = listing.length > 0 ? await this.repos.scrapes.countPages(job.id, { kind: "srp" }) : 0;
    if (listing.length > 0 && haveListing + listing.length > s.maxListingPages) {
      const keep = Math.max(0, s.maxListingPages - haveListing);
      if (listing.length > keep) {
        cut(`listing-page limit of ${s.maxListingPages} reached`);
        const dropped = new Set(listing.slice(keep).map((p) => p.url));
        list = list.filter((p) => !dropped.has(p.url));
      }
    }
    await this.repos.scrapes.addPages(job.id, list, key, this.now().toISOString());
  }

  // -------------------------------------------------------------------------------------------
  // fetch-batch

  private async fetchBatch(
    msg: Extract<ScrapeMessage, { type: "fetch-batch" }>,
    meta: MessageMeta,
  ): Promise<MessageOutcome> {
    const job = await this.repos.scrapes.getJob(msg.jobId, { errorsLimit: 0 });
    if (!job || job.dealershipId !== msg.dealershipId) return { action: "ack", note: "unknown job" };
    if (!RUNNING.includes(job.status) && job.status !== "dead")
      return { action: "ack", note: `job is ${job.status}` };
    const claim = await this.claim(job.id, msg.task, meta);
    if (claim.outcome) {
      if (claim.task?.status === "done") await this.maybeReconcile(job, msg.requestId);
      return claim.outcome;
    }
    const { token, task } = claim;
    try {
      const work = await this.runBatch(job, task.urls ?? []);
      const done = await this.repos.scrapes.completeTask(job.id, msg.task, token, {
        now: this.now().toISOString(),
        result: { failedUrls: work.failedUrls },
        counters: work.counters,
        errors: work.errors,
        errorCap: this.deps.settings.errorCap,
        truncated: work.truncated ?? undefined,
      });
      if (!done) return { action: "ack", note: "lease lost to another delivery" };
      await this.publish(done);
      if (work.changedIds.length > 0) {
        await this.score(job.dealershipId, work.changedIds);
        await this.notify(job.dealershipId, work.changedIds);
      }
      await this.maybeReconcile(done, msg.requestId);
      return { action: "ack" };
    } catch (err) {
      await this.repos.scrapes.releaseTask(job.id, msg.task, token).catch(() => {});
      throw err;
    }
  }

  private async runBatch(job: ScrapeJob, urls: string[]) {
    const budget = this.budgetOf(job);
    const crawler = this.deps.crawlers.forJob(job);
    const errors: ScrapeError[] = [];
    const failedUrls: string[] = [];
    const at = () => this.now().toISOString();
    const counters: ScrapeCountersDelta = {
      batchesDone: 1,
      pagesFetched: 0,
      pagesFailed: 0,
      bytesFetched: 0,
    };
    const deadline = Date.parse(job.startedAt ?? job.createdAt) + budget.maxSeconds * 1000;
    let truncated: string | null = null;
    const writes = new Map<string, { write: VehicleWrite; url: string }>();
    const fail = (url: string, code: string, message: string, also?: string) => {
      counters.pagesFailed = (counters.pagesFailed ?? 0) + 1;
      failedUrls.push(url);
      if (also && also !== url) failedUrls.push(also);
      errors.push({ url, code, message, at: at() });
    };

    for (const url of urls) {
      if (this.now().getTime() > deadline) {
        truncated ??= `time budget of ${budget.maxSeconds} s reached`;
        fail(url, "time_budget", "not fetched: the job's time budget was used up");
        continue;
      }
      if (job.bytesFetched + (counters.bytesFetched ?? 0) > budget.maxBytes) {
        truncated ??= `byte budget of ${budget.maxBytes} bytes reached`;
        fail(url, "byte_budget", "not fetched: the job's byte budget was used up");
        continue;
      }
      const res = await crawler.fetchPage(url);
      if (!res.ok) {
        fail(url, res.code, res.message, res.url);
        continue;
      }
      counters.pagesFetched = (counters.pagesFetched ?? 0) + 1;
      counters.bytesFetched = (counters.bytesFetched ?? 0) + res.bytes;
      let vehicle: ExtractedVehicle | undefined;
      try {
        // A detail page's own vehicle comes first; the rest are "similar vehicles" widgets.
        vehicle = extractPage(res.body, res.url).vehicles[0];
      } catch (err) {
        fail(url, "extract_failed", `extraction failed: ${errorText(err)}`, res.url);
        continue;
      }
      if (!vehicle?.vin) {
        fail(url, "no_vehicle", "no vehicle with a VIN was found on the page", res.url);
        continue;
      }
      const input = toVehicleInput(vehicle, res.url);
      const valid = this.deps.inventory.validate(input);
      if (!valid.ok) {
        const detail = valid.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
        fail(url, "invalid_vehicle", `the extracted vehicle was rejected (${detail})`.slice(0, 500), res.url);
        continue;
      }
      if (!writes.has(valid.fields.vin)) {
        writes.set(valid.fields.vin, {
          url: res.url,
          write: { newId: newId("veh", this.now().getTime()), fields: valid.fields },
        });
      }
    }

    const changedIds: string[] = [];
    if (writes.size > 0) {
      const stored = new Map(
        (await this.repos.vehicles.getByVins(job.dealershipId, [...writes.keys()])).map((v) => [v.vin, v]),
      );
      for (const [vin, w] of writes) w.write.fields = keepKnownFields(w.write.fields, stored.get(vin));
      const written = await this.repos.vehicles.upsertMany(
        job.dealershipId,
        [...writes.values()].map((w) => w.write),
        { now: this.now().toISOString(), source: "scrape" },
      );
      const fresh = new Set(
        await this.repos.scrapes.markSeen(
          job.id,
          written.map((w) => ({ vin: w.vin, vehicleId: w.id })),
        ),
      );
      for (const w of written) {
        if (w.outcome !== "unchanged") changedIds.push(w.id);
        // A VIN already seen by this job (two URLs for one car) is counted once.
        if (!fresh.has(w.vin)) continue;
        counters.vehiclesFound = (counters.vehiclesFound ?? 0) + 1;
        if (w.outcome === "created") counters.vehiclesNew = (counters.vehiclesNew ?? 0) + 1;
        else if (w.outcome === "updated") counters.vehiclesUpdated = (counters.vehiclesUpdated ?? 0) + 1;
        else counters.vehiclesUnchanged = (counters.vehiclesUnchanged ?? 0) + 1;
      }
    }
    return { counters, errors, failedUrls, truncated, changedIds };
  }

  /** Sends `reconcile` once discovery is done and every batch is done (duplicates are harmless). */
  private async maybeReconcile(job: ScrapeJob, requestId: string): Promise<void> {
    if (!job.discoveryDone || job.batchesDone < job.batchesTotal || !RUNNING.includes(job.status)) return;
    await this.deps.queue.send({
      v: 1,
      type: "reconcile",
      jobId: job.id,
      dealershipId: job.dealershipId,
      requestId,
    });
  }

  // -------------------------------------------------------------------------------------------
  // reconcile

  private async reconcile(msg: Extract<ScrapeMessage, { type: "reconcile" }>): Promise<MessageOutcome> {
    let job = await this.repos.scrapes.getJob(msg.jobId, { errorsLimit: 0 });
    if (!job || job.dealershipId !== msg.dealershipId) return { action: "ack", note: "unknown job" };
    const now = this.now().toISOString();
    if (RUNNING.includes(job.status)) {
      if (!job.discoveryDone || job.batchesDone < job.batchesTotal)
        return { action: "ack", note: "not finished yet" };
      job = await this.repos.scrapes.updateJob(job.id, { now, from: RUNNING, status: "reconciling" });
      if (!job) return { action: "ack", note: "job changed concurrently" };
      await this.publish(job);
    } else if (job.status !== "reconciling") {
      return { action: "ack", note: `job is ${job.status}` };
    }

    const plan = await this.planRemovals(job);
    const health = assessHealth(
      {
        counts: job.counts,
        truncated: job.truncated,
        unseen: plan.unseen.total,
        activeBefore: plan.activeBefore,
        baseline: plan.baseline
          ? { jobId: plan.baseline.id, vehiclesFound: plan.baseline.counts.vehiclesFound }
          : null,
      },
      this.deps.settings.health,
    );
    let ended: ScrapeJob | null;
    if (health.healthy) {
      const removed = await this.repos.scrapes.removeUnseen(
        job.dealershipId,
        plan.filter,
        this.now().toISOString(),
      );
      ended = await this.repos.scrapes.updateJob(job.id, {
        now: this.now().toISOString(),
        from: ["reconciling"],
        status: "succeeded",
        counters: { vehiclesRemoved: removed.length },
        finish: true,
        releaseClaim: true,
      });
      if (removed.length > 0) await this.notify(job.dealershipId, removed);
      if (ended) await this.repos.scrapes.purgeWorkingSet(job.id);
    } else {
      const review: ScrapeReview = {
        reasons: health.reasons,
        wouldRemove: plan.unseen.items,
        wouldRemoveCount: plan.unseen.total,
        baseline: {
          jobId: plan.baseline?.id ?? null,
          vehiclesFound: health.baselineFound,
          activeBefore: plan.activeBefore,
        },
        resolution: null,
      };
      ended = await this.repos.scrapes.updateJob(job.id, {
        now: this.now().toISOString(),
        from: ["reconciling"],
        status: "needs_review",
        review,
        finish: true,
        releaseClaim: true,
      });
    }
    if (ended) await this.rescore(job.dealershipId);
    if (ended) {
      this.log("info", "scrape job finished", {
        jobId: ended.id,
        status: ended.status,
        counts: ended.counts,
      });
      await this.publish(ended);
    }
    return { action: "ack" };
  }

  /** What a reconciliation of this job would remove (shared with `apply`). */
  async planRemovals(job: ScrapeJob) {
    const tasks = await this.repos.scrapes.listTasks(job.id, { kind: "fetch" });
    const filter = {
      jobId: job.id,
      seenBefore: job.startedAt ?? job.createdAt,
      protectedUrls: protectedUrlsOf(tasks),
    };
    const [unseen, active, baseline] = await Promise.all([
      this.repos.scrapes.unseenVehicles(job.dealershipId, filter, this.deps.settings.reviewListCap),
      this.repos.scrapes.activeVehicleCount(job.dealershipId),
      this.repos.scrapes.lastSucceededJob(job.dealershipId, job.id),
    ]);
    return { filter, unseen, activeBefore: Math.max(0, active - job.counts.vehiclesNew), baseline };
  }

  // -------------------------------------------------------------------------------------------

  private async claim(
    jobId: string,
    taskKey: string,
    meta: MessageMeta,
  ): Promise<
    | { outcome: null; token: string; task: ScrapeTask }
    | { outcome: MessageOutcome; token?: undefined; task: ScrapeTask | null }
  > {
    const now = this.now();
    const token = `${meta.id}|${crypto.randomUUID()}`;
    const until = new Date(now.getTime() + this.deps.settings.leaseSeconds * 1000).toISOString();
    const claim = await this.repos.scrapes.claimTask(jobId, taskKey, {
      token,
      until,
      now: now.toISOString(),
    });
    if (claim.claimed) return { outcome: null, token, task: claim.task };
    const task = claim.task;
    if (!task) return { outcome: { action: "ack", note: `unknown task ${taskKey}` }, task: null };
    if (task.status === "done")
      return { outcome: { action: "ack", note: "duplicate: task already done" }, task };
    // In flight elsewhere. A redelivery of the SAME message (its earlier attempt crashed without releasing)
    // waits for the lease; a different copy (duplicate delivery, replay) leaves the task to its holder.
    if (task.leaseToken?.startsWith(`${meta.id}|`)) {
      const wait = Math.ceil((Date.parse(task.leaseUntil ?? now.toISOString()) - now.getTime()) / 1000);
      return {
        outcome: {
          action: "retry",
          delaySeconds: Math.max(1, Math.min(wait, 3600)),
          note: "waiting for an abandoned lease",
        },
        task,
      };
    }
    return { outcome: { action: "ack", note: "duplicate: task in flight elsewhere" }, task };
  }

  private async failJob(
    job: ScrapeJob,
    message: string,
    error: { url: string | null; code: string },
  ): Promise<void> {
    const now = this.now().toISOString();
    await this.repos.scrapes.addErrors(
      job.id,
      [{ ...error, message, at: now }],
      this.deps.settings.errorCap,
      now,
    );
    const failed = await this.repos.scrapes.updateJob(job.id, {
      now,
      from: ACTIVE_SCRAPE_STATUSES,
      status: "failed",
      lastError: message,
      finish: true,
      releaseClaim: true,
    });
    if (failed) await this.publish(failed);
  }

  private async publish(job: ScrapeJob): Promise<void> {
    try {
      // A job row comes back from its update without its error list: read it only when there are errors
      // (a clean job, most of them, saves a D1 round trip per publish, five per scrape).
      const withErrors = job.errorCount > 0 ? ((await this.repos.scrapes.getJob(job.id)) ?? job) : job;
      await this.deps.progress.publish(jobSnapshot(withErrors.version >= job.version ? withErrors : job));
    } catch (err) {
      this.log("warn", "progress publish failed", { jobId: job.id, errorMessage: errorText(err) });
    }
  }

  /** Quality scores for written vehicles. Best effort: a failure never fails the batch (rescore catches up). */
  private async score(dealershipId: string, ids: string[]): Promise<void> {
    if (!this.deps.quality) return;
    try {
      await this.deps.quality.scoreVehicles(dealershipId, ids, { duplicates: false });
    } catch (err) {
      this.log("warn", "quality scoring failed", { dealershipId, errorMessage: errorText(err) });
    }
  }

  /** Background recalculation after a scrape: never-scored vehicles and ones under older rules. */
  private async rescore(dealershipId: string): Promise<void> {
    if (!this.deps.quality) return;
    try {
      await this.deps.quality.rescore(dealershipId);
    } catch (err) {
      this.log("warn", "quality rescore failed", { dealershipId, errorMessage: errorText(err) });
    }
  }

  private async notify(dealershipId: string, ids: string[]): Promise<void> {
    if (!this.deps.events) return;
    try {
      await this.deps.events.vehiclesChanged(dealershipId, ids);
    } catch (err) {
      this.log("warn", "vehicle change notification failed", { dealershipId, errorMessage: errorText(err) });
    }
  }
}

/** Pages that failed (or could not be read) in a job: their vehicles are never considered gone. */
export function protectedUrlsOf(tasks: ScrapeTask[]): string[] {
  const out = new Set<string>();
  for (const t of tasks) {
    const failed = (t.result as { failedUrls?: unknown } | null)?.failedUrls;
    if (Array.isArray(failed)) for (const u of failed) if (typeof u === "string") out.add(u);
    // A batch that never completed protects all of its pages.
    if (t.status !== "done") for (const u of t.urls ?? []) out.add(u);
  }
  return [...out];
}

/**
 * An extracted vehicle as an inventory input. Scraped text is tidied to fit the inventory's limits
 * (control characters dropped, long text cut, unusable photo URLs skipped) so a wordy page is not
 * rejected whole; identity fields (VIN, year, make, model) are left for validation to judge.
 */
export function toVehicleInput(v: ExtractedVehicle, pageUrl: string): VehicleInput {
  const text = (t: string | null | undefined, max: number) => {
    if (typeof t !== "string") return null;
    const clean = t.replace(CONTROL_CHARS_G, " ").trim();
    return clean ? clean.slice(0, max).trim() : null;
  };
  const photos = (v.photos ?? [])
    .filter((p) => typeof p === "string" && p.length <= LIMITS.urlMax && /^https?:\/\//i.test(p))
    .slice(0, LIMITS.photosMax);
  return {
    vin: v.vin ?? "",
    year: v.year as number,
    make: v.make as string,
    model: v.model as string,
    trim: text(v.trim, LIMITS.shortTextMax),
    bodyStyle: v.bodyStyle ?? null,
    ...(v.condition ? { condition: v.condition } : {}),
    price: v.price ?? null,
    mileage: v.mileage ?? null,
    exteriorColor: text(v.exteriorColor, LIMITS.shortTextMax),
    exteriorColorFamily: v.exteriorColorFamily ?? null,
    interiorColor: text(v.interiorColor, LIMITS.shortTextMax),
    drivetrain: v.drivetrain ?? null,
    transmission: v.transmission ?? null,
    fuelType: v.fuelType ?? null,
    engine: text(v.engine, LIMITS.shortTextMax),
    photos,
    description: text(v.description, LIMITS.descriptionMax),
    stockNumber: text(v.stockNumber, 64),
    sourceUrl: pageUrl.length <= LIMITS.urlMax ? pageUrl : null,
    status: "active",
  };
}

const CONTROL_CHARS_G = new RegExp(CONTROL_CHARS.source, "g");

export function errorText(err: unknown): string {
  if (err instanceof Error)
    return `${err.name === "Error" ? "" : `${err.name}: `}${err.message}`.slice(0, 500);
  return String(err).slice(0, 500);
}
