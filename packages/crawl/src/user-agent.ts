/**
 * The crawler's honest User-Agent: a product token, a version and a URL explaining the bot and how to
 * contact or block it. Configurable per deployment; the product token is what robots.txt groups match.
 */
export const DEFAULT_USER_AGENT = "ForecourtBot/1.0 (+https://forecourt.example/bot)";

/**
 * The robots.txt product token of a User-Agent string: its first token up to "/" or whitespace
 * ("ForecourtBot/1.0 (+https://…)" → "ForecourtBot"). RFC 9309 matches it case-insensitively.
 */
export function productToken(userAgent: string): string {
  const token = /^[A-Za-z_-]+/.exec(userAgent.trim())?.[0];
  return token && token.length > 0 ? token : "*";
}
