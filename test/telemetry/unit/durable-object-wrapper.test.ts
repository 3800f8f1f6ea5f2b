import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instrumentDurableObject } from "../../../packages/telemetry/src/durable-object";
import { startTelemetryReceiver } from "../support/receiver";

// instrumentDurableObject's contract, in Node against the local Sentry receiver: behaviour unchanged
// (values, sync-ness, the very same error object), one report per failed entry point. The Worker-side
// proof with the real classes in workerd is test/telemetry/durable-objects.test.ts.

let receiver: Awaited<ReturnType<typeof startTelemetryReceiver>>;
beforeAll(async () => {
  receiver = await startTelemetryReceiver(0);
});
afterAll(() => receiver.close());

async function events(): Promise<any[]> {
  const { envelopes } = (await (await fetch(`${receiver.url}/__received`)).json()) as {
    envelopes: { items: { header: { type: string }; payload: any }[] }[];
  };
  return envelopes.flatMap((e) => e.items.filter((i) => i.header.type === "event").map((i) => i.payload));
}

function fakeState(name: string) {
  const pending: Promise<unknown>[] = [];
  return {
    id: { name },
    waitUntil: (p: Promise<unknown>) => void pending.push(p),
    settled: () => Promise.allSettled(pending),
  };
}

class Counter {
  n = 0;
  constructor(
    readonly ctx: ReturnType<typeof fakeState>,
    readonly env: Record<string, string>,
  ) {
    if (env.FAIL_CONSTRUCTOR) throw new Error(`constructor failed for ${env.FAIL_CONSTRUCTOR}`);
  }
  inc(by: number): number {
    if (!Number.isFinite(by)) throw new TypeError(`bad increment from jane.doe@example.com: ${by}`);
    this.n += by;
    return this.n;
  }
  async later(by: number): Promise<number> {
    await new Promise((r) => setTimeout(r, 1));
    return this.inc(by);
  }
  incTwice(by: number): number {
    this.inc(by);
    return this.inc(by);
  }
}

const Instrumented = instrumentDurableObject(Counter, { service: "forecourt-test", className: "Counter" });

describe("instrumentDurableObject", () => {
  it("keeps the class: name, instanceof, fields, return values, synchronous methods stay synchronous", () => {
    const o = new Instrumented(fakeState("c1"), {});
    expect(Instrumented.name).toBe("Counter");
    expect(o).toBeInstanceOf(Counter);
    expect(o.inc(2)).toBe(2); // not a promise
    expect(o.incTwice(1)).toBe(4);
    expect(Object.hasOwn(Instrumented.prototype, "inc")).toBe(true); // RPC methods live on the prototype
    expect(Object.hasOwn(o, "inc")).toBe(false);
  });

  it("without SENTRY_DSN errors pass through untouched and nothing is sent", async () => {
    const o = new Instrumented(fakeState("quiet"), {});
    const before = (await events()).length;
    let caught: unknown;
    try {
      o.inc(Number.NaN);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(TypeError);
    await expect(o.later(Number.NaN)).rejects.toBeInstanceOf(TypeError);
    expect((await events()).length).toBe(before);
  });

  it("with SENTRY_DSN: the same error object is rethrown (sync and async) and reported once per entry point", async () => {
    const state = fakeState("counter-7");
    const o = new Instrumented(state, { SENTRY_DSN: receiver.sentryDsn, ENVIRONMENT: "unit" });
    let syncErr: unknown;
    try {
      o.incTwice(Number.NaN); // incTwice → inc (nested): reported once, as incTwice
    } catch (err) {
      syncErr = err;
    }
    expect(syncErr).toBeInstanceOf(TypeError);
    const asyncErr = await o.later(Number.POSITIVE_INFINITY).catch((e: unknown) => e);
    expect(asyncErr).toBeInstanceOf(TypeError);
    expect(o.inc(1)).toBe(1); // a good call afterwards: fine, not reported
    await state.settled();

    const mine = (await events()).filter((e) => e.tags?.durableObjectName === "counter-7");
    // incTwice's failure is reported for incTwice (inc ran inside it, synchronously); later's for inc,
    // which it called after an await, and not a second time for later.
    expect(mine.map((e) => e.tags.durableObjectMethod).sort()).toEqual(["inc", "incTwice"]);
    for (const e of mine) {
      expect(e.tags).toMatchObject({ service: "forecourt-test", durableObject: "Counter" });
      expect(e.environment).toBe("unit");
      expect(e.exception.values.at(-1).value).toContain("[email]");
      expect(JSON.stringify(e)).not.toContain("jane.doe@example.com");
    }
  });

  it("a failing constructor is reported (method constructor) and still throws", async () => {
    const state = fakeState("counter-ctor");
    expect(
      () =>
        new Instrumented(state, {
          SENTRY_DSN: receiver.sentryDsn,
          FAIL_CONSTRUCTOR: "ops@example.com",
        }),
    ).toThrow("constructor failed for ops@example.com");
    await state.settled();
    const mine = (await events()).filter((e) => e.tags?.durableObjectName === "counter-ctor");
    expect(mine).toHaveLength(1);
    expect(mine[0].tags.durableObjectMethod).toBe("constructor");
    expect(JSON.stringify(mine[0])).not.toContain("ops@example.com");
  });
});
