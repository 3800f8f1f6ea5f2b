import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { dealerAdmin, dealerStaff, platformAdmin } from "../api/helpers/auth";
import { BASE, get } from "../api/helpers/http";
import { dealershipFor, startScrape, waitForJob } from "./support/helpers";

const upgrade = (jobId: string, headers: Record<string, string>) =>
  (exports as any).default.fetch(
    new Request(`${BASE}/v1/jobs/${jobId}/ws`, { headers: { Upgrade: "websocket", ...headers } }),
  ) as Promise<Response>;

function collect(ws: WebSocket) {
  const frames: any[] = [];
  const raw: string[] = [];
  ws.addEventListener("message", (e) => {
    const text = String(e.data);
    raw.push(text);
    try {
      frames.push(JSON.parse(text));
    } catch {
      // "pong"
    }
  });
  ws.accept();
  return { frames, raw };
}

async function until(check: () => boolean, timeoutMs = 30_000) {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("live progress: JobProgress Durable Object over WebSocket (hibernation API)", () => {
  it("streams the job from queued to succeeded; token as subprotocol; ping/pong and get", async () => {
    const dealer = await dealershipFor("ws");
    const token = await dealerStaff(dealer.id);
    const job = (await startScrape(dealer.id)).body.job;

    const res = await upgrade(job.id, { "Sec-WebSocket-Protocol": `forecourt.v1, bearer.${token}` });
    expect(res.status).toBe(101);
    expect(res.headers.get("Sec-WebSocket-Protocol")).toBe("forecourt.v1");
    expect(res.headers.get("X-Request-Id")).toBeTruthy();
    const ws = res.webSocket as WebSocket;
    const { frames, raw } = collect(ws);

    await until(() => frames.some((f) => f.final));
    const final = frames.at(-1);
    expect(final.job.status).toBe("succeeded");
    expect(final.final).toBe(true);
    // Frames arrive in version order and show the counts growing.
    const versions = frames.map((f) => f.job.version);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    expect(new Set(frames.map((f) => f.job.status))).toContain("fetching");
    expect(frames.some((f) => f.job.counts.pagesFetched > 0 && !f.final)).toBe(true);
    // The pushed state is the polled state.
    const polled = await waitForJob(job.id);
    const { deadLetters, ...polledJob } = polled;
    expect(deadLetters).toEqual([]);
    expect(final.job).toEqual(polledJob);

    ws.send("ping");
    ws.send("get");
    await until(() => raw.includes("pong") && frames.length >= versions.length + 1);
    expect(frames.at(-1).job.version).toBe(final.job.version);
    ws.close(1000, "bye");
  });

  it("auth and tenant scope are checked before the upgrade", async () => {
    const a = await dealershipFor("ws");
    const b = await dealershipFor("isolation");
    const jobB = (await startScrape(b.id)).body.job;
    // No credentials.
    expect((await upgrade(jobB.id, {})).status).toBe(401);
    expect(
      (await upgrade(jobB.id, { "Sec-WebSocket-Protocol": "forecourt.v1, bearer.not-a-jwt" })).status,
    ).toBe(401);
    // Another tenant: 404, nothing reaches the Durable Object.
    const other = await upgrade(jobB.id, {
      "Sec-WebSocket-Protocol": `forecourt.v1, bearer.${await dealerAdmin(a.id)}`,
    });
    expect(other.status).toBe(404);
    expect(JSON.parse(await other.text()).error.code).toBe("not_found");
    // Authorization header works too; a plain GET is 426.
    const viaHeader = await upgrade(jobB.id, { Authorization: `Bearer ${await platformAdmin()}` });
    expect(viaHeader.status).toBe(101);
    viaHeader.webSocket?.accept();
    viaHeader.webSocket?.close(1000, "done");
    const plain = await get(`/v1/jobs/${jobB.id}/ws`, { token: await platformAdmin() });
    expect(plain.status).toBe(426);
    expect(plain.body.error.code).toBe("upgrade_required");
    await waitForJob(jobB.id);
  });
});
