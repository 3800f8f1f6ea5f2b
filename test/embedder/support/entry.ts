// Test-only entry: the API's fetch handler and the embedder's queue handler in one Worker, so one workerd
// project runs inventory writes -> embed-jobs -> embedder -> local vector store against shared local D1,
// Queues and Durable Objects.
import api from "../../../workers/api/src/index";
import embedder from "../../../workers/embedder/src/index";

export { JobProgress, RateLimiter, VectorIndex } from "../../../workers/api/src/index";

export default {
  fetch: api.fetch,
  queue: embedder.queue,
} as ExportedHandler;
