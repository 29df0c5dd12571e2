import { expect, type Browser, type Page } from "@playwright/test";
import postgres from "postgres";

export const demo = {
  owner: { email: "olivia@demo.mycrm.local", name: "Olivia Hart" },
  member: { email: "sam@demo.mycrm.local", name: "Sam Rivera" },
  viewer: { email: "vera@demo.mycrm.local", name: "Vera Quinn" },
  password: "demo-password",
};

export async function signIn(page: Page, email: string, password = demo.password) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/deals$/);
}

/** Olivia (owner) and Sam (member), each signed in in a browser context of their own. */
export async function twoPeople(browser: Browser) {
  const olivia = await browser.newContext();
  const sam = await browser.newContext();
  const a = await olivia.newPage();
  const b = await sam.newPage();
  await signIn(a, demo.owner.email);
  await signIn(b, demo.member.email);
  return { olivia, sam, a, b, close: () => Promise.all([olivia.close(), sam.close()]) };
}

/** A new person signs up with a workspace of their own, and lands in it. */
export async function signUpNew(page: Page, who: { name: string; email: string; password: string; workspace: string }) {
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill(who.name);
  await page.getByLabel("Work email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByLabel("Workspace name").fill(who.workspace);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page).toHaveURL(/\/deals$/);
}

/**
 * The app's database in the browser tests (the launcher's embedded PostgreSQL), for what only
 * arrives by email: with no mail key configured, emails wait in the outbox tables.
 */
export async function latestEmailTo(to: string, table: "account_emails" | "outbox_emails" = "account_emails"): Promise<string> {
  const sql = postgres({ host: "127.0.0.1", port: Number(process.env.E2E_PG_PORT ?? 54349), user: "postgres", password: "mycrm", database: "mycrm", max: 1, onnotice: () => {} });
  try {
    for (let i = 0; i < 100; i++) {
      const [row] = await sql<{ text: string }[]>`select text from ${sql(table)} where "to" = ${to} order by created_at desc limit 1`;
      if (row) return row.text;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`No email to ${to} arrived`);
  } finally {
    await sql.end();
  }
}
