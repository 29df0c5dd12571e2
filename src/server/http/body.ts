import type { IncomingMessage } from "node:http";

/**
 * A request's body as text, or null past `limit` bytes. Past the limit the rest is read and
 * dropped, so the client still gets the answer.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  return size > limit ? null : Buffer.concat(chunks).toString("utf8");
}
