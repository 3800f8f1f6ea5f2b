// Test-only entry: the API's fetch handler and the scraper's queue + scheduled handlers in one Worker, so
// one workerd project runs the whole pipeline against shared local D1, Queues and Durable Objects.
// The embed-jobs queue has no consumer here; its messages are simply left in the local queue.
import api from "../../../workers/api/src/index";
import scraper from "../../../workers/scraper/src/index";

export { JobProgress, RateLimiter, VectorIndex } from "../../../workers/api/src/index";

export default {
  fetch: api.fetch,
  queue: scraper.queue,
  scheduled: scraper.scheduled,
} as ExportedHandler;
