import type { IncomingMessage } from "node:http";

/** The header the web server sets to the caller's address (any value a client sent is replaced). */
export const CLIENT_IP_HEADER = "x-mycrm-client-ip";

/**
 * The caller's address: the socket's peer, or, behind proxies the deployment trusts
 * (`TRUST_PROXY=true`), the address the nearest proxy saw (the last entry of X-Forwarded-For).
 */
export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = String(req.headers["x-forwarded-for"] ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (forwarded.length) return forwarded[forwarded.length - 1]!;
  }
  return req.socket.remoteAddress ?? "unknown";
}
