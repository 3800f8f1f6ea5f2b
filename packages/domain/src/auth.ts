export const ROLES = ["platform_admin", "dealer_admin", "dealer_staff"] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, after authentication. */
export type Principal =
  | {
      kind: "user";
      subject: string;
      role: Role /** Empty for platform_admin (all). */;
      dealershipIds: string[];
    }
  | { kind: "api_key"; keyId: string; dealershipId: string };
