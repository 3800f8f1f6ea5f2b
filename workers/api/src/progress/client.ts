import type { JobSnapshot, ProgressSink } from "@forecourt/services";
import type { JobProgressObject } from "./durable-object";

/** ProgressSink over the JobProgress Durable Object namespace: one RPC per snapshot. */
export class DurableObjectProgress implements ProgressSink {
  constructor(private readonly namespace: DurableObjectNamespace<JobProgressObject>) {}

  stub(jobId: string): DurableObjectStub<JobProgressObject> {
    return this.namespace.get(this.namespace.idFromName(jobId));
  }

  async publish(snapshot: JobSnapshot): Promise<void> {
    await this.stub(snapshot.id).publish(snapshot);
  }

  /** Job-wide pacing of requests to one host (see JobProgressObject.reserveFetchSlot). */
  async reserveFetchSlot(jobId: string, host: string, delayMs: number): Promise<number> {
    return this.stub(jobId).reserveFetchSlot(host, delayMs);
  }
}
