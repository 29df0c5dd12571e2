import { expect, test } from "@playwright/test";
import { demo, signIn } from "./support";

test("pages carry a nonce-based Content-Security-Policy and the other security headers, and run under it without a single violation", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load|connect|apply)/i.test(m.text())) violations.push(m.text());
  });
  const first = await page.goto("/sign-in");
  const headers = first!.headers();
  const csp = headers["content-security-policy"]!;
  const script = csp.split(";").find((d) => d.trim().startsWith("script-src"))!;
  expect(script).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
  expect(script).toContain("'strict-dynamic'");
  expect(script).not.toContain("unsafe-inline");
  expect(script).not.toContain("unsafe-eval");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
  // A new nonce for every page view.
  const again = (await page.goto("/sign-in"))!.headers()["content-security-policy"];
  expect(again).not.toBe(csp);

  // The app works under it: signing in, the theme script, a live record over the collab socket, a QR code.
  await signIn(page, demo.owner.email);
  await page.getByRole("link", { name: "Acme fleet tracking rollout" }).last().click();
  await expect(page.getByTestId("collab-status")).toHaveText("Live");
  await page.goto("/dashboard");
  await expect(page.getByTestId("figure-Won this month")).toBeVisible();
  await page.goto("/settings/security");
  await expect(page.getByRole("heading", { name: "Two-factor sign-in" })).toBeVisible();
  expect(violations).toEqual([]);

  // The API answers with the same base headers.
  const api = await page.request.get("/api/core/health/");
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
});
