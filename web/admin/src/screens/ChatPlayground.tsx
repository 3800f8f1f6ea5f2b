import { type ChatEvent, readChatStream } from "@forecourt/widget/sse";
import { useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { Link } from "wouter";
import { ApiProblem, api, unwrap } from "../api/client";
import { DealershipHeader } from "../components/DealershipHeader";
import { ErrorPanel } from "../components/States";
import { formatMicroUsd, formatMoney, formatNumber } from "../lib/format";

type Citation = Extract<ChatEvent, { type: "citation" }>;
type Usage = Extract<ChatEvent, { type: "usage" }>;

interface Turn {
  question: string;
  answer: string;
  citations: Citation[];
  usage: Usage | null;
  /** An `error` event (during the answer) or a refusal before it started. */
  error: { code: string; message: string } | null;
  problem: unknown;
  withheld: number | null;
  streaming: boolean;
}

function UsageLine({ usage }: { usage: Usage }) {
  return (
    <p className="usage small" data-testid="reply-usage">
      <span>
        {formatNumber(usage.inputTokens)} input + {formatNumber(usage.outputTokens)} output tokens
      </span>{" "}
      · <strong data-testid="reply-cost">{formatMicroUsd(usage.costMicroUsd)}</strong>
      {usage.provider && (
        <span className="muted">
          {" "}
          · {usage.provider}
          {usage.model ? ` ${usage.model}` : ""}
        </span>
      )}
    </p>
  );
}

function CitationCard({ dealershipId, c }: { dealershipId: string; c: Citation }) {
  return (
    <li className="vehicle-card">
      <Link href={`/dealerships/${dealershipId}/vehicles/${c.vehicleId}`}>
        <strong>
          {c.year} {c.make} {c.model} {c.trim ?? ""}
        </strong>
      </Link>
      <span>
        {formatMoney(c.price)}
        {c.mileage != null && <> · {formatNumber(c.mileage)} mi</>}
      </span>
      <code className="muted small">{c.vin}</code>
    </li>
  );
}

/** Staff chat with the dealership's assistant (POST /v1/dealerships/{id}/chat), streamed as it is written. */
export function ChatPlayground({ params }: { params: { id: string } }) {
  const { id } = params;
  const qc = useQueryClient();
  const [turns, setTurns] = useState<Turn[]>([]);
  const [draft, setDraft] = useState("");
  const [conversationId, setConversationId] = useState<string | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const busy = turns.at(-1)?.streaming ?? false;

  const update = (index: number, fn: (t: Turn) => Turn) =>
    setTurns((all) => all.map((t, i) => (i === index ? fn(t) : t)));

  async function ask(question: string) {
    const index = turns.length;
    setTurns((all) => [
      ...all,
      {
        question,
        answer: "",
        citations: [],
        usage: null,
        error: null,
        problem: null,
        withheld: null,
        streaming: true,
      },
    ]);
    const onEvent = (ev: ChatEvent) => {
      if (ev.type === "meta") setConversationId(ev.conversationId);
      else if (ev.type === "text") update(index, (t) => ({ ...t, answer: t.answer + ev.delta }));
      else if (ev.type === "citation")
        update(index, (t) =>
          t.citations.some((c) => c.vehicleId === ev.vehicleId)
            ? t
            : { ...t, citations: [...t.citations, ev] },
        );
      else if (ev.type === "usage") update(index, (t) => ({ ...t, usage: ev }));
      else if (ev.type === "error")
        update(index, (t) => ({ ...t, error: { code: ev.code, message: ev.message } }));
      else if (ev.type === "done") update(index, (t) => ({ ...t, withheld: ev.withheld }));
    };
    try {
      const stream = await unwrap(
        api.POST("/v1/dealerships/{id}/chat", {
          params: { path: { id } },
          body: conversationId ? { message: question, conversationId } : { message: question },
          parseAs: "stream",
        }),
      );
      let done = false;
      await readChatStream(stream as ReadableStream<Uint8Array>, (ev) => {
        if (ev.type === "done") done = true;
        onEvent(ev);
      });
      if (!done)
        throw new ApiProblem(0, "stream_incomplete", "The answer ended before it was complete.", null);
    } catch (err) {
      update(index, (t) => ({
        ...t,
        problem:
          err instanceof ApiProblem
            ? err
            : new ApiProblem(0, "stream_broken", "The connection broke during the answer.", null),
      }));
    } finally {
      update(index, (t) => ({ ...t, streaming: false }));
      void qc.invalidateQueries({ queryKey: ["aiUsage", id] });
      input.current?.focus();
    }
  }

  const submit = () => {
    const q = draft.trim();
    if (!q || busy) return;
    setDraft("");
    void ask(q);
  };

  return (
    <>
      <DealershipHeader id={id} screen="Chat" />
      <section className="card chat" aria-labelledby="chat-title">
        <div className="row spread">
          <h2 id="chat-title">Chat playground</h2>
          <button
            type="button"
            disabled={busy || turns.length === 0}
            onClick={() => {
              setTurns([]);
              setConversationId(null);
            }}
          >
            New conversation
          </button>
        </div>
        <p className="muted small">
          The same assistant shoppers reach through the website widget, grounded in this dealership's active
          vehicles.{" "}
          {conversationId && (
            <>
              Conversation <code>{conversationId}</code>.
            </>
          )}
        </p>
        <div className="chat-log" role="log" aria-live="polite" aria-busy={busy} aria-label="Conversation">
          {turns.length === 0 && (
            <p className="muted">Ask about the stock, e.g. “any hybrid SUVs under $35k?”</p>
          )}
          {turns.map((t, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: turns are append-only
            <div key={i} className="turn">
              <p className="bubble bubble-user">
                <span className="sr-only">You asked: </span>
                {t.question}
              </p>
              <div className="bubble bubble-bot" data-testid="assistant-reply">
                <span className="sr-only">Assistant: </span>
                {t.answer ? (
                  <p className="answer">{t.answer}</p>
                ) : (
                  t.streaming && <p className="muted">Thinking…</p>
                )}
                {t.citations.length > 0 && (
                  <ul className="vehicle-cards" aria-label="Cited vehicles">
                    {t.citations.map((c) => (
                      <CitationCard key={c.vehicleId} dealershipId={id} c={c} />
                    ))}
                  </ul>
                )}
                {t.error && (
                  <div className="state state-error" role="alert">
                    <p className="state-title">The answer stopped: {t.error.code.replace(/_/g, " ")}</p>
                    <p>{t.error.message}</p>
                  </div>
                )}
                {t.problem != null && <ErrorPanel error={t.problem} title="The assistant could not answer" />}
                {t.withheld != null && t.withheld > 0 && (
                  <p className="notice" data-testid="withheld">
                    {t.withheld} sentence{t.withheld === 1 ? " was" : "s were"} withheld: it stated a price,
                    VIN, year or mileage that does not match a cited vehicle.
                  </p>
                )}
                {t.usage && <UsageLine usage={t.usage} />}
              </div>
            </div>
          ))}
        </div>
        <form
          className="chat-form"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <label htmlFor="chat-message">Message</label>
          <div className="row">
            <textarea
              id="chat-message"
              ref={input}
              rows={2}
              maxLength={2000}
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
                  e.preventDefault();
                  submit();
                }
              }}
            />
            <button type="submit" className="primary" disabled={busy}>
              {busy ? "Answering…" : "Send"}
            </button>
          </div>
          <p className="hint">Enter sends, Shift+Enter starts a new line.</p>
        </form>
      </section>
    </>
  );
}
