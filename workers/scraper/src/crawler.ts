import {
  checkUrl,
  DohResolver,
  guardedFetch,
  hostKey,
  noopResolver,
  PolitenessLimiter,
  type Resolver,
  RobotsCache,
  type SsrfPolicy,
} from "@forecourt/crawl";
import type { ScrapeJob } from "@forecourt/domain";
import {
  type CrawlerFactory,
  isTransientFetch,
  type JobCrawler,
  type PageFetchResult,
  type RobotsView,
} from "@forecourt/services";

export interface CrawlerOptions {
  policy: SsrfPolicy;
  dns: "doh" | "none";
  userAgent?: string;
  timeoutMs: number;
  maxPageBytes: number;
  /** Minimum spacing of request starts per host (raised by robots.txt Crawl-delay). */
  delayMs: number;
  /** Most requests in flight per host within one invocation. */
  maxConcurrency: number;
  /**
   * Job-wide pacing across invocations (the JobProgress Durable Object): how long to wait before the
   * next request to `host`. Without it, pacing is per invocation only.
   */
  pacer?: (jobId: string, host: string, delayMs: number) => Promise<number>;
  fetch?: typeof fetch;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The pipeline's network side, on @forecourt/crawl: SSRF guard, guarded fetch, robots.txt, politeness. */
export class WorkerCrawlerFactory implements CrawlerFactory {
  private readonly resolver: Resolver;

  constructor(private readonly opts: CrawlerOptions) {
    this.resolver = opts.dns === "doh" ? new DohResolver({ fetch: opts.fetch }) : noopResolver;
  }

  forJob(job: ScrapeJob): JobCrawler {
    return new WorkerCrawler(job, this.opts, this.resolver);
  }
}

class WorkerCrawler implements JobCrawler {
  private readonly robotsCache: RobotsCache;
  private readonly limiter: PolitenessLimiter;

  constructor(
    private readonly job: ScrapeJob,
    private readonly opts: CrawlerOptions,
    private readonly resolver: Resolver,
  ) {
    this.robotsCache = new RobotsCache({
      policy: opts.policy,
      resolver,
      userAgent: opts.userAgent,
      timeoutMs: opts.timeoutMs,
      fetch: opts.fetch,
    });
    // With a job-wide pacer the spacing is done there; locally only the concurrency cap applies.
    this.limiter = new PolitenessLimiter({
      delayMs: opts.pacer ? 0 : opts.delayMs,
      maxConcurrency: opts.maxConcurrency,
    });
  }

  refusal(url: string): string | null {
    const check = checkUrl(url, this.opts.policy);
    return check.ok ? null : check.reason;
  }

  async robots(url: string): Promise<RobotsView> {
    const rules = await this.robotsCache.forUrl(url);
    const agent = this.robotsCache.userAgent;
    return {
      state: rules.state,
      detail: rules.detail,
      isAllowed: (u) => rules.isAllowed(u, agent),
      sitemaps: () => rules.sitemaps(),
    };
  }

  async fetchPage(
    url: string,
    options: { expect?: "html" | "text"; maxBytes?: number } = {},
  ): Promise<PageFetchResult> {
    let host: string;
    try {
      host = hostKey(new URL(url));
    } catch {
      return { ok: false, url, code: "ssrf_refused", message: "not an absolute URL", transient: false };
    }
    const crawlDelay = (await this.robotsCache.forUrl(url)).crawlDelayMs(this.robotsCache.userAgent) ?? 0;
    const delay = Math.max(this.opts.delayMs, crawlDelay);
    if (!this.opts.pacer && delay > this.opts.delayMs) this.limiter.setHostDelay(host, delay);
    return this.limiter.run(host, async () => {
      if (this.opts.pacer && delay > 0) {
        const wait = await this.opts.pacer(this.job.id, host, delay).catch(() => delay);
        if (wait > 0) await sleep(wait);
      }
      const res = await guardedFetch(url, {
        policy: this.opts.policy,
        resolver: this.resolver,
        fetch: this.opts.fetch,
        userAgent: this.opts.userAgent,
        timeoutMs: this.opts.timeoutMs,
        maxBytes: options.maxBytes ?? this.opts.maxPageBytes,
        expect: options.expect ?? "html",
        robots: this.robotsCache.gate(),
      });
      if (res.ok) return { ok: true, url: res.url, body: res.body, bytes: res.bytes, status: res.status };
      return {
        ok: false,
        url: res.url,
        code: res.code,
        message: res.message,
        status: res.status,
        bytes: res.bytes,
        transient: isTransientFetch(res.code, res.status),
      };
    });
  }
}
