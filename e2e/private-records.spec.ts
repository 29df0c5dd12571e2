import { expect, test } from "@playwright/test";
import { demo, signIn } from "./support";

test("an owner allows private records and makes a deal private: a colleague no longer finds it anywhere, until it is shared again", async ({ page, browser }) => {
  await signIn(page, demo.owner.email);
  await page.getByRole("link", { name: "Security", exact: true }).click();
  await page.getByLabel(/Allow private records/).click();
  await expect(page.getByText("Records can now be made private", { exact: true })).toBeVisible();
  const other = await browser.newContext();
  const vera = await other.newPage();
  try {
    await page.goto("/deals");
    await page.getByRole("link", { name: "Initech finance suite" }).last().click();
    const who = page.getByLabel("Who sees this");
    await expect(who).toContainText("The whole workspace sees it.");
    await who.getByLabel("Who may see it").selectOption({ index: 1 });
    await expect(who).toContainText(/Private: only .+ and the workspace's admins see it\./);
    const dealUrl = page.url().replace(/^https?:\/\/[^/]+/, "");

    await signIn(vera, demo.viewer.email);
    await expect(vera.getByRole("link", { name: "Stark plant analytics" }).last()).toBeVisible();
    await expect(vera.getByRole("link", { name: "Initech finance suite" })).toHaveCount(0);
    await vera.goto(dealUrl);
    await expect(vera.getByRole("alert").filter({ hasText: /not found|does not exist/i })).toBeVisible();

    await who.getByLabel("Who may see it").selectOption({ label: "The whole workspace" });
    await expect(who).toContainText("The whole workspace sees it.");
    await vera.goto("/deals");
    await expect(vera.getByRole("link", { name: "Initech finance suite" }).last()).toBeVisible();
  } finally {
    await other.close();
    await page.goto("/settings/security");
    await page.getByLabel(/Allow private records/).click();
    await expect(page.getByText("Every record is visible to the whole workspace again", { exact: true })).toBeVisible();
  }
});

test("a deal shared with a team: its members see it, a colleague outside it does not", async ({ page, browser }) => {
  await signIn(page, demo.owner.email);
  await page.getByRole("link", { name: "Security", exact: true }).click();
  await page.getByLabel(/Allow private records/).click();
  await expect(page.getByText("Records can now be made private", { exact: true })).toBeVisible();
  const contexts = [await browser.newContext(), await browser.newContext()];
  try {
    await page.getByRole("link", { name: "Members" }).click();
    const teams = page.getByRole("region", { name: "Teams" });
    await teams.getByLabel("New team").fill("Enterprise");
    await teams.getByRole("button", { name: "Add team" }).click();
    await teams.getByLabel("Add someone to Enterprise").selectOption({ label: demo.member.name });
    await expect(teams.getByRole("listitem", { name: "Enterprise" })).toContainText(demo.member.name);

    await page.goto("/deals");
    await page.getByRole("link", { name: "Umbrella clinics pilot" }).last().click();
    const who = page.getByLabel("Who sees this");
    await who.getByLabel("Who may see it").selectOption({ label: "The team Enterprise" });
    await expect(who).toContainText(/Private to Enterprise: its members, .+ and the admins see it\./);

    const [sam, vera] = await Promise.all(contexts.map((c) => c.newPage()));
    await signIn(sam!, demo.member.email);
    await expect(sam!.getByRole("link", { name: "Umbrella clinics pilot" }).last()).toBeVisible();
    await signIn(vera!, demo.viewer.email);
    await expect(vera!.getByRole("link", { name: "Stark plant analytics" }).last()).toBeVisible();
    await expect(vera!.getByRole("link", { name: "Umbrella clinics pilot" })).toHaveCount(0);

    await who.getByLabel("Who may see it").selectOption({ label: "The whole workspace" });
    await expect(who).toContainText("The whole workspace sees it.");
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
    await page.goto("/settings/members");
    page.once("dialog", (d) => void d.accept());
    await page.getByRole("region", { name: "Teams" }).getByRole("listitem", { name: "Enterprise" }).getByRole("button", { name: "Delete" }).click();
    await page.goto("/settings/security");
    await page.getByLabel(/Allow private records/).click();
    await expect(page.getByText("Every record is visible to the whole workspace again", { exact: true })).toBeVisible();
  }
});
