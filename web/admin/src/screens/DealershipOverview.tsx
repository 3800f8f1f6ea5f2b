import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Link } from "wouter";
import { API_URL, api, unwrap } from "../api/client";
import { keys, useDealership } from "../api/hooks";
import { canAdminister, isOperator, useSession } from "../auth/session";
import { DealershipForm } from "../components/DealershipForm";
import { DealershipHeader } from "../components/DealershipHeader";
import { Empty, ErrorPanel, Loading, QueryView } from "../components/States";
import { StatusBadge } from "../components/StatusBadge";
import { formatAgo, formatDate, formatNumber } from "../lib/format";

function LastScrape({ id }: { id: string }) {
  const q = useQuery({
    queryKey: [...keys.jobs(id), "latest"],
    queryFn: () =>
      unwrap(api.GET("/v1/dealerships/{id}/jobs", { params: { path: { id }, query: { limit: 1 } } })),
  });
  return (
    <section className="card" aria-labelledby="last-scrape">
      <h2 id="last-scrape">Last scrape</h2>
      <QueryView query={q} what="the last scrape">
        {(list) => {
          const job = list.items[0];
          if (!job)
            return (
              <Empty>
                <p>
                  Never scraped. <Link href={`/dealerships/${id}/scrapes`}>Start the first scrape</Link>.
                </p>
              </Empty>
            );
          return (
            <dl className="stats">
              <div>
                <dt>Status</dt>
                <dd>
                  <Link href={`/jobs/${job.id}`}>
                    <StatusBadge status={job.status} />
                  </Link>
                </dd>
              </div>
              <div>
                <dt>When</dt>
                <dd>{formatAgo(job.finishedAt ?? job.startedAt ?? job.createdAt)}</dd>
              </div>
              <div>
                <dt>Vehicles found</dt>
                <dd>{formatNumber(job.counts.vehiclesFound)}</dd>
              </div>
              <div>
                <dt>Pages</dt>
                <dd>
                  {formatNumber(job.counts.pagesFetched)} fetched, {formatNumber(job.counts.pagesFailed)}{" "}
                  failed
                </dd>
              </div>
              <div>
                <dt>Errors</dt>
                <dd>{formatNumber(job.errorCount)}</dd>
              </div>
            </dl>
          );
        }}
      </QueryView>
    </section>
  );
}

function ApiKeys({ id }: { id: string }) {
  const qc = useQueryClient();
  const nameId = useId();
  const [name, setName] = useState("");
  const [created, setCreated] = useState<{ key: string; name: string } | null>(null);
  const list = useQuery({
    queryKey: keys.apiKeys(id),
    queryFn: () => unwrap(api.GET("/v1/dealerships/{id}/api-keys", { params: { path: { id } } })),
  });
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/v1/dealerships/{id}/api-keys", { params: { path: { id } }, body: name ? { name } : {} }),
      ),
    onSuccess: (k) => {
      setCreated({ key: k.key, name: k.name });
      setName("");
      void qc.invalidateQueries({ queryKey: keys.apiKeys(id) });
    },
  });
  const revoke = useMutation({
    mutationFn: (keyId: string) =>
      unwrap(api.DELETE("/v1/dealerships/{id}/api-keys/{keyId}", { params: { path: { id, keyId } } })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.apiKeys(id) }),
  });
  return (
    <section className="card" aria-labelledby="api-keys">
      <h2 id="api-keys">Publishable API keys</h2>
      <p className="muted">
        For the dealership's website (read-only public inventory). Rotate: create a new key, deploy it, revoke
        the old one.
      </p>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <label htmlFor={nameId}>Key name</label>
        <input
          id={nameId}
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="Website (2026)"
        />
        <button type="submit" disabled={create.isPending}>
          Create key
        </button>
      </form>
      {create.error && <ErrorPanel error={create.error} title="Key not created" />}
      {created && (
        <div className="secret" role="status">
          <p>
            <strong>Copy the key “{created.name}” now: it is shown only once.</strong>
          </p>
          <code data-testid="new-api-key">{created.key}</code>{" "}
          <button type="button" onClick={() => void navigator.clipboard?.writeText(created.key)}>
            Copy
          </button>{" "}
          <button type="button" className="link" onClick={() => setCreated(null)}>
            Done
          </button>
          {created.key.startsWith("fc_pk_") && (
            <>
              <p className="small">
                To add search and chat to the dealership's website, paste this before{" "}
                <code>&lt;/body&gt;</code>:
              </p>
              <pre className="snippet" data-testid="widget-snippet">
                {`<script src="${window.location.origin}/widget.js" data-key="${created.key}" data-api="${API_URL}" async></script>`}
              </pre>
            </>
          )}
        </div>
      )}
      <QueryView query={list} what="API keys">
        {(data) =>
          data.items.length === 0 ? (
            <Empty>
              <p>No keys yet.</p>
            </Empty>
          ) : (
            <table>
              <caption className="sr-only">API keys</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Prefix</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((k) => (
                  <tr key={k.id}>
                    <td>{k.name}</td>
                    <td>
                      <code>{k.prefix}…</code>
                    </td>
                    <td>{formatDate(k.createdAt)}</td>
                    <td>{formatAgo(k.lastUsedAt)}</td>
                    <td>
                      {k.revokedAt ? (
                        <span className="muted">Revoked {formatAgo(k.revokedAt)}</span>
                      ) : (
                        <button
                          type="button"
                          className="danger"
                          disabled={revoke.isPending}
                          onClick={() => {
                            if (window.confirm(`Revoke “${k.name}”? Sites using it stop working at once.`))
                              revoke.mutate(k.id);
                          }}
                        >
                          Revoke<span className="sr-only"> {k.name}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryView>
      {revoke.error && <ErrorPanel error={revoke.error} title="Key not revoked" />}
    </section>
  );
}

export function DealershipOverview({ params }: { params: { id: string } }) {
  const { id } = params;
  const session = useSession();
  const qc = useQueryClient();
  const d = useDealership(id);
  return (
    <>
      <DealershipHeader id={id} screen="Overview" />
      {d.isPending && <Loading what="the dealership" />}
      {d.data && (
        <div className="grid-2">
          <div>
            <LastScrape id={id} />
            {canAdminister(session) && <ApiKeys id={id} />}
          </div>
          <section className="card" aria-labelledby="settings">
            <h2 id="settings">Settings</h2>
            <p className="muted small">
              {d.data.id} · website <a href={d.data.websiteUrl}>{d.data.websiteUrl}</a>
            </p>
            {canAdminister(session) ? (
              <DealershipForm
                initial={d.data}
                operator={isOperator(session)}
                submitLabel="Save settings"
                onSubmit={async (body) => {
                  const updated = await unwrap(
                    api.PATCH("/v1/dealerships/{id}", { params: { path: { id } }, body }),
                  );
                  qc.setQueryData(keys.dealership(id), updated);
                  void qc.invalidateQueries({ queryKey: keys.dealerships });
                }}
              />
            ) : (
              <p>Dealer staff can view but not change these settings.</p>
            )}
          </section>
        </div>
      )}
    </>
  );
}
