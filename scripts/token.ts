// npm run token -- --role platform_admin
// npm run token -- --role dealer_admin --dealership dlr_123 [--dealership dlr_456] [--ttl 3600] [--sub alice]
// Prints a development JWT as the last line (signed with the local dev secret from wrangler.toml).
import { parseArgs } from "node:util";
import { type DevRole, mintDevToken } from "./lib/dev-token";

const ROLES: DevRole[] = ["platform_admin", "dealer_admin", "dealer_staff"];
const { values } = parseArgs({
  options: {
    role: { type: "string", default: "platform_admin" },
    dealership: { type: "string", multiple: true },
    ttl: { type: "string" },
    sub: { type: "string" },
  },
});
const role = values.role as DevRole;
if (!ROLES.includes(role)) {
  console.error(`--role must be one of ${ROLES.join(", ")}`);
  process.exit(2);
}
try {
  const token = await mintDevToken({
    role,
    dealerships: values.dealership?.flatMap((d) => d.split(",")).filter(Boolean),
    subject: values.sub,
    ttlSeconds: values.ttl ? Number(values.ttl) : undefined,
  });
  console.error(
    `# ${role}${values.dealership ? ` for ${values.dealership.join(",")}` : ""}; send as "Authorization: Bearer <token>"`,
  );
  console.log(token);
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
