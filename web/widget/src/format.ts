/** Display formats for vehicles in the widget (prices are integer minor units). */
export function money(price: { amount: number; currency: string } | null): string {
  if (!price) return "Call for price";
  try {
    return new Intl.NumberFormat("en-US", {
      style: "currency",
      currency: price.currency,
      maximumFractionDigits: 0,
    }).format(price.amount / 100);
  } catch {
    return `${(price.amount / 100).toFixed(0)} ${price.currency}`;
  }
}

export function vehicleTitle(v: { year: number; make: string; model: string; trim: string | null }): string {
  return [v.year, v.make, v.model, v.trim].filter(Boolean).join(" ");
}

export function vehicleFacts(v: {
  price: { amount: number; currency: string } | null;
  mileage: number | null;
}): string {
  const parts = [money(v.price)];
  if (v.mileage != null) parts.push(`${v.mileage.toLocaleString("en-US")} mi`);
  return parts.join(" · ");
}

/** Only http(s) links and images from the API are used (never javascript: or data: URLs). */
export function safeUrl(
  raw: string | null | undefined,
  base = (globalThis as { location?: { href: string } }).location?.href,
): string | null {
  if (!raw) return null;
  try {
    const u = new URL(raw, base);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
  } catch {
    return null;
  }
}
