import { useEffect, useId, useState } from "react";
import { useLocation } from "wouter";
import { API_URL } from "../api/client";
import { type Role, signIn, takeNotice } from "./session";

const DEV_TOKEN = "/__dev/token";

async function devToken(role: Role, dealerships: string[]): Promise<string> {
  const res = await fetch(DEV_TOKEN, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ role, dealerships }),
  });
  const body = await res.json();
  if (!res.ok) throw new Error(body?.error?.message ?? `dev sign-in failed (HTTP ${res.status})`);
  return body.token as string;
}

/** Development sign-in: served by the Vite dev/preview server only (vite/dev-auth.ts), absent on Pages. */
function DevSignIn({ onDone }: { onDone: () => void }) {
  const [role, setRole] = useState<Role>("platform_admin");
  const [dealers, setDealers] = useState<{ id: string; name: string }[] | null>(null);
  const [dealership, setDealership] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const roleId = useId();
  const dealerId = useId();
  const needsDealer = role !== "platform_admin";

  useEffect(() => {
    if (!needsDealer || dealers) return;
    // The dealership list, read with a short-lived operator token so a dealer role can be picked.
    (async () => {
      const token = await devToken("platform_admin", []);
      const res = await fetch(`${API_URL}/v1/dealerships?limit=100`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      if (!res.ok) throw new Error(`the API answered HTTP ${res.status} listing dealerships`);
      const list = (await res.json()).items as { id: string; name: string }[];
      setDealers(list);
      setDealership((d) => d || list[0]?.id || "");
    })().catch((e: Error) => setError(e.message));
  }, [needsDealer, dealers]);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      signIn(await devToken(role, needsDealer ? [dealership] : []));
      onDone();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="card" aria-labelledby="dev-signin">
      <h2 id="dev-signin">Development sign-in</h2>
      <p className="muted">Signs a local token with the development secret. Not available in production.</p>
      <label htmlFor={roleId}>Role</label>
      <select id={roleId} value={role} onChange={(e) => setRole(e.target.value as Role)}>
        <option value="platform_admin">Platform admin (operator, every dealership)</option>
        <option value="dealer_admin">Dealer admin</option>
        <option value="dealer_staff">Dealer staff</option>
      </select>
      {needsDealer && (
        <>
          <label htmlFor={dealerId}>Dealership</label>
          <select
            id={dealerId}
            value={dealership}
            onChange={(e) => setDealership(e.target.value)}
            disabled={!dealers?.length}
          >
            {!dealers && <option value="">Loading…</option>}
            {dealers?.length === 0 && (
              <option value="">No dealerships yet: sign in as an operator first</option>
            )}
            {dealers?.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} ({d.id})
              </option>
            ))}
          </select>
        </>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy || (needsDealer && !dealership)}>
        Sign in
      </button>
    </form>
  );
}

export function SignIn() {
  const [, navigate] = useLocation();
  const [devAvailable, setDevAvailable] = useState(false);
  const [token, setToken] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [notice] = useState(takeNotice);
  const tokenId = useId();

  useEffect(() => {
    fetch(DEV_TOKEN)
      .then(async (r) => r.ok && (await r.json()).available === true && setDevAvailable(true))
      .catch(() => {});
  }, []);

  const done = () => navigate("/dealerships", { replace: true });
  function paste(e: React.FormEvent) {
    e.preventDefault();
    try {
      signIn(token);
      done();
    } catch (err) {
      setError((err as Error).message);
    }
  }

  return (
    <main id="main" className="signin">
      <h1>Sign in to Forecourt</h1>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {devAvailable && <DevSignIn onDone={done} />}
      <form onSubmit={paste} className="card" aria-labelledby="jwt-signin">
        <h2 id="jwt-signin">Sign in with a token</h2>
        <p className="muted">
          Paste the JWT your identity provider issued for Forecourt. It is kept in this browser tab only and
          sent to {API_URL} as a bearer token.
        </p>
        <label htmlFor={tokenId}>JWT</label>
        <textarea
          id={tokenId}
          rows={4}
          value={token}
          onChange={(e) => setToken(e.target.value)}
          spellCheck={false}
          autoComplete="off"
        />
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={!token.trim()}>
          Sign in with token
        </button>
      </form>
    </main>
  );
}
