import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { type Job, type JobDetail, jobSocket } from "./client";
import { keys } from "./hooks";

export type Live = "connecting" | "live" | "closed" | "done";
const FINAL = new Set(["succeeded", "needs_review", "failed", "dead"]);
export const isFinal = (status: string) => FINAL.has(status);

/**
 * Follows a job over its WebSocket (GET /v1/jobs/{id}/ws): every `progress` frame replaces the cached job
 * (newer `version` only), so the screen re-renders as pages are fetched. Reconnects with backoff while the
 * job runs; the caller polls while the socket is not live.
 */
export function useJobProgress(jobId: string, running: boolean): Live {
  const qc = useQueryClient();
  const [state, setState] = useState<Live>(running ? "connecting" : "done");
  useEffect(() => {
    if (!running) {
      setState("done");
      return;
    }
    let ws: WebSocket | null = null;
    let stopped = false;
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      setState("connecting");
      ws = jobSocket(jobId);
      ws.onopen = () => {
        attempt = 0;
        setState("live");
      };
      ws.onmessage = (ev) => {
        if (typeof ev.data !== "string" || !ev.data.startsWith("{")) return;
        const frame = JSON.parse(ev.data) as { type: string; job: Job; final: boolean };
        if (frame.type !== "progress") return;
        qc.setQueryData<JobDetail>(keys.job(jobId), (old) =>
          old && old.version > frame.job.version ? old : { ...(old ?? { deadLetters: [] }), ...frame.job },
        );
        if (frame.final || isFinal(frame.job.status)) {
          stopped = true;
          setState("done");
          ws?.close();
          // Dead letters and review details come with the polled job only.
          void qc.invalidateQueries({ queryKey: keys.job(jobId) });
          void qc.invalidateQueries({ queryKey: ["jobs"] });
          void qc.invalidateQueries({ queryKey: ["allJobs"] });
        }
      };
      ws.onclose = () => {
        if (stopped) return;
        setState("closed");
        timer = setTimeout(connect, Math.min(1000 * 2 ** attempt++, 15_000));
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      ws?.close();
    };
  }, [jobId, running, qc]);
  return state;
}
