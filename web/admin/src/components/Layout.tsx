import { Link, useRoute } from "wouter";
import { signOut, useSession } from "../auth/session";
import { humanize } from "../lib/format";

function NavLink({ href, children }: { href: string; children: React.ReactNode }) {
  const [active] = useRoute(href);
  return (
    <Link href={href} className={active ? "active" : undefined} aria-current={active ? "page" : undefined}>
      {children}
    </Link>
  );
}

/** The tabs of one dealership's screens, shown on every screen under /dealerships/:id. */
export function DealershipTabs({ id, name }: { id: string; name?: string }) {
  const base = `/dealerships/${id}`;
  return (
    <nav className="tabs" aria-label={`Dealership ${name ?? id}`}>
      <NavLink href={base}>Overview</NavLink>
      <NavLink href={`${base}/inventory`}>Inventory</NavLink>
      <NavLink href={`${base}/scrapes`}>Scrapes</NavLink>
      <NavLink href={`${base}/quality`}>Quality</NavLink>
      <NavLink href={`${base}/search`}>AI search</NavLink>
      <NavLink href={`${base}/chat`}>Chat</NavLink>
      <NavLink href={`${base}/ai-usage`}>AI usage</NavLink>
    </nav>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const session = useSession();
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link href="/dealerships" className="brand">
          Forecourt
        </Link>
        <nav aria-label="Main">
          <NavLink href="/dealerships">Dealerships</NavLink>
          <NavLink href="/dead-letters">Dead letters</NavLink>
        </nav>
        <div className="who">
          <span>
            {session?.subject} · <strong>{humanize(session?.role ?? "")}</strong>
          </span>
          <button type="button" onClick={() => signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
