/**
 * The security headers of every response of the web process (pages and API alike), and the
 * Content-Security-Policy of pages: scripts only from this origin or carrying the page's nonce
 * (no inline script without it, no eval); the collab-server's WebSocket the only other place the
 * page may connect to; no framing; no plugins.
 */
export function baseSecurityHeaders(opts: { https: boolean }): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(opts.https ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}

export function contentSecurityPolicy(opts: { nonce: string; dev: boolean; collabUrl: string; https: boolean }): string {
  const collab = new URL(opts.collabUrl);
  const directives = [
    "default-src 'self'",
    // strict-dynamic: scripts the framework's own nonce-carrying scripts load are trusted, nothing else.
    `script-src 'self' 'nonce-${opts.nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    // Style attributes (React's style={…}, the editor's carets) need this; styles run no code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ${collab.protocol}//${collab.host}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}
