import type { IncomingMessage } from "node:http";

/** The whole body of a request to one of the tests' local HTTP servers. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** The whole body as UTF-8 text. */
export async function readText(req: IncomingMessage): Promise<string> {
  return (await readBody(req)).toString("utf8");
}
