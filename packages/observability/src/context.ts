import { AsyncLocalStorage } from "node:async_hooks";

/**
 * The correlation context of the work in progress (a queue message being handled): code deep in a
 * pipeline that sends follow-up messages (e.g. the scraper's embed-jobs events) reads the requestId of
 * the message it is working for, so the API request's id follows every hop. Workers: nodejs_compat.
 */
export interface CorrelationContext {
  requestId?: string;
  jobId?: string;
}

const storage = new AsyncLocalStorage<CorrelationContext>();

export function withCorrelation<T>(ctx: CorrelationContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

export function currentCorrelation(): CorrelationContext | undefined {
  return storage.getStore();
}
