const money = new Map<string, Intl.NumberFormat>();

/** Integer minor units -> "$34,995". */
export function formatMoney(price: { amount: number; currency: string } | null | undefined): string {
  if (!price) return "Call for price";
  let f = money.get(price.currency);
  if (!f) {
    f = new Intl.NumberFormat("en-US", {
      style: "currency",
      currency: price.currency,
      maximumFractionDigits: 0,
    });
    money.set(price.currency, f);
  }
  return f.format(price.amount / 100);
}

export const formatNumber = (n: number | null | undefined) => (n == null ? "—" : n.toLocaleString("en-US"));

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "—";
  return new Date(iso).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" });
}

export function formatAgo(iso: string | null | undefined): string {
  if (!iso) return "never";
  const s = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  if (s < 60) return `${Math.max(s, 0)} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}

/** "needs_review" -> "Needs review". */
export const humanize = (s: string) => (s.charAt(0).toUpperCase() + s.slice(1)).replace(/_/g, " ");

/** Micro-dollars (1 USD = 1,000,000) -> "$0.000190", "$0.0123", "$4.20": enough digits to see small AI costs. */
export function formatMicroUsd(micro: number | null | undefined): string {
  if (micro == null) return "—";
  const usd = micro / 1_000_000;
  const digits = micro === 0 ? 2 : micro < 10_000 ? 6 : micro < 1_000_000 ? 4 : 2;
  return `$${usd.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
}
