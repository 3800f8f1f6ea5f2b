/**
 * DNS answers for the SSRF guard.
 *
 * Workers cannot resolve names themselves, so in production the guard asks a DNS-over-HTTPS resolver
 * (JSON API, `application/dns-json`) for the A and AAAA records and refuses the host if ANY answer is a
 * refused address. Caveat (inherent to any pre-resolution check): the runtime's own fetch resolves the
 * name again, so a rebinding zone with a zero TTL can answer differently the second time. The check still
 * stops every static "public name → private address" trick; on Cloudflare Workers subrequests leave from
 * Cloudflare's edge rather than from a private network (a platform property, not something tested here).
 */

export interface Resolver {
  /** All A and AAAA answers for `host` (an ASCII host name without trailing dot). May throw on failure. */
  resolve(host: string): Promise<string[]>;
  /**
   * False for resolvers that cannot actually check answers (the no-op resolver): an empty answer list then
   * means "not checked", not "no such host". Defaults to true.
   */
  readonly verifies?: boolean;
}

export class DnsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DnsError";
  }
}

/** For runtimes and tests where DNS answers cannot be checked: the URL check alone applies. */
export const noopResolver: Resolver = Object.freeze({
  verifies: false,
  resolve: async (_host: string): Promise<string[]> => [],
});

/** A fixed table of answers (tests, local development). Unknown hosts have no answers. */
export function staticResolver(table: Record<string, readonly string[]>): Resolver {
  const map = new Map(Object.entries(table).map(([k, v]) => [k.toLowerCase().replace(/\.+$/, ""), [...v]]));
  return {
    verifies: true,
    resolve: async (host: string) => [...(map.get(host.toLowerCase().replace(/\.+$/, "")) ?? [])],
  };
}

export const DEFAULT_DOH_ENDPOINT = "https://cloudflare-dns.com/dns-query";

export interface DohResolverOptions {
  /** DoH JSON endpoint. Default: Cloudflare's. Trusted configuration, not crawler input. */
  endpoint?: string;
  /** Injected fetch (tests). Default: the global fetch. */
  fetch?: typeof fetch;
  /** Timeout of each DoH request. Default 3 s. */
  timeoutMs?: number;
  /** How long answers are cached (capped by their TTL). Default 60 s; 0 disables caching. */
  cacheTtlMs?: number;
  /** Clock for the cache (tests). */
  now?: () => number;
}

const TYPE_A = 1;
const TYPE_AAAA = 28;
/** DNS RCODEs: 0 NOERROR (maybe no data), 3 NXDOMAIN. Anything else is a failure. */
const RCODE_NOERROR = 0;
const RCODE_NXDOMAIN = 3;
const MAX_DOH_RESPONSE_BYTES = 64 * 1024;

interface DnsJsonAnswer {
  name?: unknown;
  type?: unknown;
  TTL?: unknown;
  data?: unknown;
}

interface Answers {
  addresses: string[];
  ttlSeconds: number;
}

/** DNS-over-HTTPS (JSON API) resolver: asks for A and AAAA in parallel. */
export class DohResolver implements Resolver {
  readonly verifies = true;
  readonly endpoint: string;
  private readonly doFetch: typeof fetch;
  private readonly timeoutMs: number;
  private readonly cacheTtlMs: number;
  private readonly now: () => number;
  private readonly cache = new Map<string, { expires: number; value: Promise<string[]> }>();

  constructor(options: DohResolverOptions = {}) {
    this.endpoint = options.endpoint ?? DEFAULT_DOH_ENDPOINT;
    const injected = options.fetch;
    this.doFetch = injected ?? ((input, init) => globalThis.fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? 3000;
    this.cacheTtlMs = options.cacheTtlMs ?? 60_000;
    this.now = options.now ?? (() => Date.now());
  }

  resolve(host: string): Promise<string[]> {
    const name = host.toLowerCase().replace(/\.+$/, "");
    const cached = this.cache.get(name);
    if (cached && cached.expires > this.now()) return cached.value;
    const lookup = this.lookup(name);
    const value = lookup.then((answers) => answers.addresses);
    if (this.cacheTtlMs > 0) {
      const entry = { expires: this.now() + this.cacheTtlMs, value };
      this.cache.set(name, entry);
      lookup.then(
        // Keep answers no longer than the records' own TTL.
        (answers) => {
          entry.expires = Math.min(entry.expires, this.now() + answers.ttlSeconds * 1000);
        },
        () => {
          if (this.cache.get(name) === entry) this.cache.delete(name);
        },
      );
    }
    return value;
  }

  private async lookup(name: string): Promise<Answers> {
    const [a, aaaa] = await Promise.all([this.query(name, TYPE_A), this.query(name, TYPE_AAAA)]);
    return {
      addresses: [...a.addresses, ...aaaa.addresses],
      ttlSeconds: Math.min(a.ttlSeconds, aaaa.ttlSeconds),
    };
  }

  private async query(name: string, type: number): Promise<Answers> {
    let url: URL;
    try {
      url = new URL(this.endpoint);
    } catch {
      throw new DnsError(`invalid DoH endpoint ${JSON.stringify(this.endpoint)}`);
    }
    url.searchParams.set("name", name);
    url.searchParams.set("type", type === TYPE_A ? "A" : "AAAA");
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    let body: unknown;
    try {
      const res = await this.doFetch(url.toString(), {
        method: "GET",
        headers: { accept: "application/dns-json" },
        signal: controller.signal,
        // workerd has no redirect: "error"; "manual" + the !res.ok check below refuses a redirecting DoH server.
        redirect: "manual",
      });
      if (!res.ok) {
        await res.body?.cancel().catch(() => {});
        throw new DnsError(`DoH server answered HTTP ${res.status} for ${name}`);
      }
      const text = await readLimitedText(res, MAX_DOH_RESPONSE_BYTES);
      body = JSON.parse(text);
    } catch (err) {
      if (err instanceof DnsError) throw err;
      if (controller.signal.aborted)
        throw new DnsError(`DoH query for ${name} timed out after ${this.timeoutMs} ms`);
      throw new DnsError(`DoH query for ${name} failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      clearTimeout(timer);
    }
    return parseDnsJson(body, name, type);
  }
}

async function readLimitedText(res: Response, limit: number): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw new DnsError(`DoH response larger than ${limit} bytes`);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    all.set(c, offset);
    offset += c.byteLength;
  }
  return new TextDecoder().decode(all);
}

/** Extract the A or AAAA answers from a dns-json body; throws DnsError on a failure status or bad shape. */
export function parseDnsJson(body: unknown, name: string, type: number): Answers {
  if (typeof body !== "object" || body === null)
    throw new DnsError(`DoH answer for ${name} is not a JSON object`);
  const status = (body as { Status?: unknown }).Status;
  if (status === RCODE_NXDOMAIN) return { addresses: [], ttlSeconds: 60 };
  if (status !== RCODE_NOERROR) throw new DnsError(`DoH answer for ${name} has DNS status ${String(status)}`);
  const answer = (body as { Answer?: unknown }).Answer;
  if (answer === undefined) return { addresses: [], ttlSeconds: 60 };
  if (!Array.isArray(answer)) throw new DnsError(`DoH answer for ${name} has a malformed Answer section`);
  const addresses: string[] = [];
  let ttl = Number.POSITIVE_INFINITY;
  for (const rr of answer as DnsJsonAnswer[]) {
    if (typeof rr !== "object" || rr === null) continue;
    if (rr.type !== type) continue; // CNAMEs (type 5) and others: the final A/AAAA records follow them.
    if (typeof rr.data !== "string") throw new DnsError(`DoH answer for ${name} has a record without data`);
    // Kept verbatim: the guard refuses anything that is not a canonical public address.
    addresses.push(rr.data.trim());
    if (typeof rr.TTL === "number" && rr.TTL >= 0) ttl = Math.min(ttl, rr.TTL);
  }
  return { addresses, ttlSeconds: Number.isFinite(ttl) ? ttl : 60 };
}
