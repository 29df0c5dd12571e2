import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { demo, signIn, twoPeople } from "./support";

test("an owner deactivates a member: the member's open deal stops at once, the app tells them why, and reactivation gives it back", async ({ browser }) => {
  const { a, b, close } = await twoPeople(browser);
  const members = a.getByRole("list", { name: "Members" });
  const sam = members.getByRole("listitem", { name: demo.member.name });
  try {
    // Sam has a deal open, live.
    await b.getByRole("link", { name: /Globex platform licence/ }).last().click();
    await expect(b.getByTestId("collab-status")).toHaveText("Live");

    await a.getByRole("link", { name: "Members" }).click();
    await expect(a).toHaveURL(/\/settings\/members$/);
    const axe = await new AxeBuilder({ page: a }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    // Olivia cannot deactivate herself.
    await expect(members.getByRole("listitem", { name: demo.owner.name }).getByRole("button", { name: "Deactivate" })).toHaveCount(0);

    a.once("dialog", (d) => void d.accept());
    await sam.getByRole("button", { name: "Deactivate" }).click();
    await expect(sam).toContainText(`deactivated`);
    await expect(sam).toContainText(`by ${demo.owner.name}`);
    await expect(sam.getByText("Deactivated", { exact: true })).toBeVisible();

    // Sam's page loses its connection within a second or two and says so; his session is over
    // too, and signing in again explains why there is nothing for him.
    await expect(b.getByTestId("collab-status")).toHaveText("Access refused", { timeout: 3_000 });
    await b.reload();
    await expect(b).toHaveURL(/\/sign-in/);
    await signIn(b, demo.member.email);
    await expect(b.getByRole("heading", { name: "Your access to this workspace has ended" })).toBeVisible();

    await sam.getByRole("button", { name: "Reactivate" }).click();
    await expect(sam.getByText("Deactivated", { exact: true })).toHaveCount(0);
    await b.goto("/deals");
    await b.getByRole("link", { name: /Globex platform licence/ }).last().click();
    await expect(b.getByTestId("collab-status")).toHaveText("Live");
  } finally {
    // Whatever happened above, Sam is active for the tests that follow.
    await a.goto("/settings/members");
    const reactivate = sam.getByRole("button", { name: "Reactivate" });
    await expect(sam).toBeVisible();
    if (await reactivate.isVisible()) await reactivate.click();
    await expect(sam.getByRole("button", { name: "Deactivate" })).toBeVisible();
    await close();
  }
});

test("an owner invites someone by email; they open the link, make their account and are in the workspace with that role", async ({ page, browser }) => {
  await signIn(page, demo.owner.email);
  await page.getByRole("link", { name: "Members" }).click();
  const email = `newcomer-${Date.now()}@example.test`;
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption("viewer");
  await page.getByRole("button", { name: "Send invitation" }).click();
  const link = (await page.getByTestId("invitation-link").innerText()).trim();
  await expect(page.getByRole("list", { name: "Pending invitations" })).toContainText(email);

  const context = await browser.newContext();
  const guest = await context.newPage();
  await guest.goto(link);
  await expect(guest.getByRole("heading", { name: `${demo.owner.name} invited you to Northwind Demo` })).toBeVisible();
  await expect(guest.getByText(`As viewer, with the email ${email}.`)).toBeVisible();
  await guest.getByLabel("Your name").fill("Nova Newcomer");
  await guest.getByLabel("Choose a password").fill("lantern moss harbour");
  await guest.getByRole("button", { name: "Create my account and join" }).click();
  await expect(guest).toHaveURL(/\/deals$/);
  await expect(guest.getByRole("link", { name: "Acme fleet tracking rollout" }).last()).toBeVisible();
  // A viewer: nothing to create.
  await expect(guest.getByRole("button", { name: "New deal" })).toHaveCount(0);
  // The link is spent.
  await guest.goto(link);
  await expect(guest.getByRole("alert").filter({ hasText: "This invitation has already been used." })).toBeVisible();
  await context.close();

  await page.reload();
  await expect(page.getByRole("list", { name: "Members" })).toContainText("Nova Newcomer");
  await expect(page.getByRole("list", { name: "Pending invitations" })).toHaveCount(0);
});
