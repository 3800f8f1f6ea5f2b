/**
 * A generated SSRF bypass corpus: every sensitive address (loopback, RFC 1918, link-local and cloud
 * metadata, CGNAT, this-network, benchmarking, multicast, broadcast, reserved; IPv6 loopback,
 * unspecified, link-local, ULA, site-local, multicast, documentation, discard) in every notation the
 * WHATWG URL parser folds or an attacker might hope a guard misses, inside every URL wrapper trick.
 *
 * It complements test/unit/crawl-ssrf.test.ts (hand-written payloads from PayloadsAllTheThings and
 * Orange Tsai's parser talk, one generated encoding of 7 addresses each, cloud metadata names, rebinding
 * services), which it does not repeat: here the classes are crossed (address × notation × wrapper).
 */

export interface CorpusClass {
  name: string;
  urls: string[];
}

/** Sensitive IPv4 addresses, one or more per refused range. */
export const SENSITIVE_IPV4 = [
  "127.0.0.1",
  "127.255.255.254",
  "127.1.2.3",
  "10.0.0.1",
  "10.255.255.254",
  "172.16.0.1",
  "172.31.255.254",
  "192.168.0.1",
  "192.168.255.254",
  "169.254.169.254", // AWS/GCP/Azure/OpenStack metadata
  "169.254.170.2", // ECS task metadata
  "169.254.0.1",
  "100.64.0.1", // CGNAT
  "100.127.255.254",
  "100.100.100.200", // Alibaba metadata (in CGNAT)
  "0.0.0.0",
  "0.1.2.3",
  "192.0.0.192", // Oracle metadata (IETF protocol assignments)
  "198.18.0.1", // benchmarking
  "224.0.0.1", // multicast
  "255.255.255.255", // broadcast
  "240.0.0.1", // reserved
];

/** Sensitive IPv6 addresses (canonical text). */
export const SENSITIVE_IPV6 = [
  "::1",
  "::",
  "fe80::1",
  "febf:ffff::1",
  "fc00::1",
  "fd00::1",
  "fd00:ec2::254", // AWS IMDS over IPv6
  "fec0::1",
  "ff02::1",
  "100::1",
  "2001:db8::1",
];

const octets = (ip: string) => ip.split(".").map(Number) as [number, number, number, number];
const toInt = (o: number[]) => ((o[0]! << 24) >>> 0) + (o[1]! << 16) + (o[2]! << 8) + o[3]!;
const dec = (x: number) => String(x);
const oct = (x: number) => `0${x.toString(8)}`;
const hex = (x: number) => `0x${x.toString(16)}`;
const h16 = (x: number) => x.toString(16);

/** Every per-octet radix mix (decimal / octal / hex: 3^4 = 81), and the short a.b.c / a.b / a forms. */
export function ipv4Notations(ip: string): string[] {
  const o = octets(ip);
  const out = new Set<string>();
  const radix = [dec, oct, hex];
  for (const r0 of radix)
    for (const r1 of radix)
      for (const r2 of radix)
        for (const r3 of radix) out.add([r0(o[0]), r1(o[1]), r2(o[2]), r3(o[3])].join("."));
  const n = toInt(o);
  for (const r of radix) {
    out.add(r(n)); // dotless
    out.add(`${r(o[0])}.${r((o[1] << 16) | (o[2] << 8) | o[3])}`); // a.b
    out.add(`${r(o[0])}.${r(o[1])}.${r((o[2] << 8) | o[3])}`); // a.b.c
  }
  out.add(`0X${n.toString(16).toUpperCase()}`); // upper-case hex
  out.add(o.map((x) => `0x${x.toString(16).padStart(4, "0")}`).join(".")); // zero-padded hex
  out.add(o.map((x) => `0000${x.toString(8)}`).join(".")); // zero-padded octal
  return [...out];
}

/** Unicode and percent-encoding disguises of the dotted form (IDNA / the URL parser fold them back). */
export function ipv4Disguises(ip: string): string[] {
  const digits = (base: number) => ip.replace(/[0-9]/g, (d) => String.fromCodePoint(base + Number(d)));
  const circled = ip.replace(/[0-9]/g, (d) =>
    d === "0" ? "\u24ea" : String.fromCodePoint(0x2460 + Number(d) - 1),
  );
  return [
    ip.split(".").join("\u3002"), // ideographic full stop
    ip.split(".").join("\uff0e"), // fullwidth full stop
    ip.split(".").join("\uff61"), // halfwidth ideographic full stop
    digits(0xff10), // fullwidth digits
    digits(0x1d7ce), // mathematical bold digits
    digits(0x1d7ec), // mathematical sans-serif bold digits
    circled, // circled digits
    digits(0xff10).split(".").join("\u3002"),
    ip.split(".").join("%2e"),
    ip.split(".").join("%2E"),
    [...ip].map((c) => `%${c.charCodeAt(0).toString(16)}`).join(""),
    ip.replace(/[0-9]/, (d) => `%3${d}`), // first digit percent-encoded
    `${ip}.`, // trailing dot
    ip.replace(/\./g, "%E3%80%82"), // percent-encoded ideographic full stop
  ];
}

/** IPv6 literals (without brackets) that embed or translate the IPv4 address. */
export function ipv6Embeddings(ip: string): string[] {
  const o = octets(ip);
  const hi = (o[0] << 8) | o[1];
  const lo = (o[2] << 8) | o[3];
  const x = (v: number) => h16(v);
  return [
    `::ffff:${ip}`, // IPv4-mapped
    `::ffff:${x(hi)}:${x(lo)}`,
    `::FFFF:${x(hi).toUpperCase()}:${x(lo).toUpperCase()}`,
    `0:0:0:0:0:ffff:${ip}`,
    `0000:0000:0000:0000:0000:ffff:${x(hi).padStart(4, "0")}:${x(lo).padStart(4, "0")}`,
    `::${ip}`, // IPv4-compatible (deprecated)
    `::${x(hi)}:${x(lo)}`,
    `::ffff:0:${ip}`, // IPv4-translated (SIIT)
    `64:ff9b::${ip}`, // NAT64 well-known prefix
    `64:ff9b::${x(hi)}:${x(lo)}`,
    `64:ff9b:1::${x(hi)}:${x(lo)}`, // NAT64 local-use prefix
    `2002:${x(hi)}:${x(lo)}::`, // 6to4
    `2002:${x(hi)}:${x(lo)}::1`,
    `2001:0:4136:e378:8000:63bf:${x(~hi & 0xffff)}:${x(~lo & 0xffff)}`, // Teredo (client = ip)
  ];
}

/** Textual variants of a native IPv6 address. */
export function ipv6Notations(addr: string): string[] {
  const expand = (a: string) => {
    const [head, tail] = a.split("::") as [string, string | undefined];
    const h = head ? head.split(":") : [];
    const t = tail ? tail.split(":") : [];
    const fill = tail === undefined ? [] : Array(8 - h.length - t.length).fill("0");
    return [...h, ...fill, ...t];
  };
  const groups = expand(addr);
  return [
    addr,
    addr.toUpperCase(),
    groups.join(":"),
    groups.map((g) => g.padStart(4, "0")).join(":"),
    groups.map((g) => g.padStart(4, "0").toUpperCase()).join(":"),
  ];
}

/** URL wrappers around a host (already bracketed if IPv6). All place the request on that host. */
export function wrappers(host: string, bracketed: boolean): string[] {
  const out = [
    `http://${host}/`,
    `https://${host}/`,
    `http://${host}:80/`,
    `https://${host}:443/latest/meta-data/`,
    `HTTP://${host}/`,
    `http://user@${host}/`,
    `http://user:pass@${host}/`,
    `http://dealer.example@${host}/`,
    `http://dealer.example:80@${host}/`,
    `http:\\\\${host}\\`,
    `http:/\\${host}/`,
    `http:\\/${host}/`,
    `http:${host}/`,
    `http:/${host}/`,
    `http:///${host}/`,
    `http://${host}\\@dealer.example/`,
    `http://${host}#@dealer.example/`,
    `http://${host}?@dealer.example/`,
    `http://${host}/..;/..;/`,
    `  http://${host}/  `,
    `http://${host}\t/`,
    `ht\ttp://${host}/`,
  ];
  if (!bracketed) out.push(`http://${host}./`, `http://${host}:80./`);
  return out;
}

/** Zone ids on IPv6 literals (the WHATWG parser refuses them; the guard must not "repair" them). */
export function zoneIds(addr: string): string[] {
  return [
    `http://[${addr}%25eth0]/`,
    `http://[${addr}%251]/`,
    `http://[${addr}%eth0]/`,
    `http://[${addr}%2525]/`,
  ];
}

export function buildCorpus(): CorpusClass[] {
  const classes: CorpusClass[] = [];
  const notations = SENSITIVE_IPV4.flatMap(ipv4Notations);
  classes.push({
    name: "IPv4 radix mixes and short forms (81+ per address)",
    urls: notations.map((h) => `http://${h}/`),
  });
  classes.push({
    name: "IPv4 unicode digits/dots, percent-encoding, trailing dots",
    urls: SENSITIVE_IPV4.flatMap(ipv4Disguises).map((h) => `http://${h}/`),
  });
  const embedded = SENSITIVE_IPV4.flatMap(ipv6Embeddings);
  classes.push({
    name: "IPv4-mapped/compatible/SIIT, NAT64, 6to4, Teredo",
    urls: embedded.map((h) => `http://[${h}]/`),
  });
  const native = SENSITIVE_IPV6.flatMap(ipv6Notations);
  classes.push({ name: "IPv6 native ranges, all notations", urls: native.map((h) => `http://[${h}]/`) });
  classes.push({
    name: "IPv6 zone ids",
    urls: [...SENSITIVE_IPV6, "::ffff:127.0.0.1", "::ffff:169.254.169.254"].flatMap(zoneIds),
  });
  // Wrappers × a representative notation set of every address (dotted, dotless decimal, hex, octal,
  // short form; mapped and NAT64 IPv6; native IPv6).
  const wrapHosts: [string, boolean][] = [
    ...SENSITIVE_IPV4.flatMap((ip) => {
      const n = toInt(octets(ip));
      const o = octets(ip);
      return [ip, String(n), hex(n), oct(n), `${o[0]}.${(o[1] << 16) | (o[2] << 8) | o[3]}`].map(
        (h): [string, boolean] => [h, false],
      );
    }),
    ...SENSITIVE_IPV4.flatMap((ip) => [`[::ffff:${ip}]`, `[64:ff9b::${ip}]`]).map((h): [string, boolean] => [
      h,
      true,
    ]),
    ...SENSITIVE_IPV6.map((h): [string, boolean] => [`[${h}]`, true]),
  ];
  classes.push({
    name: "userinfo, backslashes, missing slashes, fragments, whitespace × addresses",
    urls: wrapHosts.flatMap(([h, b]) => wrappers(h, b)),
  });
  return classes.map((c) => ({ ...c, urls: [...new Set(c.urls)] }));
}

/**
 * DNS answers an attacker controls: names that resolve to sensitive addresses, in any textual form a
 * resolver might hand back, alone or mixed with a public address.
 */
export function dnsCorpus(): { table: Record<string, string[]>; names: string[] } {
  const table: Record<string, string[]> = {};
  let i = 0;
  const add = (answers: string[]) => {
    const name = `rebind-${i++}.attacker.example`;
    table[name] = answers;
  };
  for (const ip of SENSITIVE_IPV4) {
    add([ip]);
    add(["93.184.216.34", ip]); // one public, one private: fail closed
    add([`::ffff:${ip}`]);
    add([`64:ff9b::${ip}`]);
    add([oct(toInt(octets(ip)))]); // a resolver returning an octal "address"
    add([String(toInt(octets(ip)))]);
  }
  for (const v6 of SENSITIVE_IPV6) {
    add([v6]);
    add(["2606:4700::1", v6]);
    add([`${v6}%eth0`]);
  }
  return { table, names: Object.keys(table) };
}

/** Relative Location headers that leave the dealer's host for a sensitive one. */
export const RELATIVE_REDIRECTS = [
  "//127.0.0.1/",
  "//169.254.169.254/latest/meta-data/",
  "/\\127.0.0.1/",
  "\\\\127.0.0.1\\",
  "\\/169.254.169.254/",
  "//2130706433/",
  "//[::1]/",
  "//[::ffff:169.254.169.254]/",
  "///127.0.0.1/",
  "http:127.0.0.1/",
  "http:/10.0.0.1/",
  "https:169.254.169.254/",
  "//localhost/",
  "//metadata.google.internal/computeMetadata/v1/",
  "//user@127.0.0.1/",
];
