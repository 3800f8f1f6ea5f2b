/**
 * Per-host politeness: at most `maxConcurrency` requests in flight to one host, and successive request
 * starts on one host spaced at least `delayMs` apart (raised per host by robots.txt Crawl-delay).
 * Promise-based, FIFO per host, hosts independent of each other. Clock and sleep are injectable so tests
 * run on virtual time.
 */

export interface PolitenessOptions {
  /** Minimum time between request starts on one host. Default 1000 ms. */
  delayMs?: number;
  /** Most requests in flight to one host. Default 2. */
  maxConcurrency?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

interface HostState {
  active: number;
  /** Waiters for a concurrency slot, FIFO. Each is handed the slot directly by `release`. */
  waiters: (() => void)[];
  /** Earliest time the next request may start. */
  nextStart: number;
  /** Per-host delay override (e.g. Crawl-delay), if larger than the default. */
  delayMs?: number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The key politeness is counted by: host and port of an absolute URL (or a bare host given as is). */
export function hostKey(urlOrHost: string | URL): string {
  if (urlOrHost instanceof URL) return urlOrHost.host;
  try {
    return new URL(urlOrHost).host;
  } catch {
    return urlOrHost.toLowerCase();
  }
}

export class PolitenessLimiter {
  private readonly hosts = new Map<string, HostState>();
  readonly delayMs: number;
  readonly maxConcurrency: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: PolitenessOptions = {}) {
    this.delayMs = Math.max(0, options.delayMs ?? 1000);
    this.maxConcurrency = Math.max(1, Math.floor(options.maxConcurrency ?? 2));
    this.now = options.now ?? (() => Date.now());
    this.sleep = options.sleep ?? realSleep;
  }

  private state(key: string): HostState {
    let s = this.hosts.get(key);
    if (!s) {
      s = { active: 0, waiters: [], nextStart: 0 };
      this.hosts.set(key, s);
    }
    return s;
  }

  /** Raise the delay for one host (e.g. to its robots.txt Crawl-delay). Never lowers it below the default. */
  setHostDelay(urlOrHost: string | URL, delayMs: number | undefined): void {
    const s = this.state(hostKey(urlOrHost));
    s.delayMs =
      delayMs !== undefined && Number.isFinite(delayMs) && delayMs > this.delayMs ? delayMs : undefined;
  }

  /** The delay in force for a host. */
  hostDelay(urlOrHost: string | URL): number {
    return this.hosts.get(hostKey(urlOrHost))?.delayMs ?? this.delayMs;
  }

  /** Requests in flight and waiting for a host (for progress reporting and tests). */
  stats(urlOrHost: string | URL): { active: number; waiting: number } {
    const s = this.hosts.get(hostKey(urlOrHost));
    return { active: s?.active ?? 0, waiting: s?.waiters.length ?? 0 };
  }

  /** Run `task` when the host's concurrency and delay allow it; the slot is released when it settles. */
  async run<T>(urlOrHost: string | URL, task: () => Promise<T>): Promise<T> {
    const key = hostKey(urlOrHost);
    await this.acquire(key);
    try {
      return await task();
    } finally {
      this.release(key);
    }
  }

  private async acquire(key: string): Promise<void> {
    const s = this.state(key);
    if (s.active < this.maxConcurrency) {
      s.active++;
    } else {
      // `release` hands its slot straight to us (active stays the same), so no one can jump the queue.
      await new Promise<void>((resolve) => s.waiters.push(resolve));
    }
    const now = this.now();
    const start = Math.max(now, s.nextStart);
    s.nextStart = start + (s.delayMs ?? this.delayMs);
    if (start > now) await this.sleep(start - now);
  }

  private release(key: string): void {
    const s = this.hosts.get(key);
    if (!s) return;
    const next = s.waiters.shift();
    if (next) {
      next();
      return;
    }
    s.active--;
    if (s.active === 0 && s.waiters.length === 0 && s.nextStart <= this.now() && s.delayMs === undefined) {
      this.hosts.delete(key);
    }
  }
}
