import { expect, test } from "@playwright/test";
import { demo, twoPeople } from "./support";

test("a mention in a comment arrives live in the other person's notifications, and leads back to the thread", async ({ browser }) => {
  const { a, b, close } = await twoPeople(browser);
  // Sam is elsewhere in the app; his unread count is whatever it is now.
  const badge = b.getByRole("navigation").getByRole("link", { name: /Notifications/ });
  const before = Number((await badge.textContent())?.replace(/\D/g, "") || "0");

  await a.getByRole("link", { name: "Globex platform licence" }).last().click();
  const box = a.getByPlaceholder("Write a comment… (@ to mention someone)");
  await box.click();
  await box.pressSequentially("Can you confirm the seats, @Sam");
  await expect(a.getByRole("listbox", { name: "People to mention" })).toContainText(demo.member.name);
  await box.press("Enter");
  await box.pressSequentially("?");
  await a.getByRole("button", { name: "Comment", exact: true }).click();
  const threads = a.getByRole("list", { name: "Comment threads" });
  await expect(threads).toContainText(`@${demo.member.name}`);

  // Without a reload, Sam's unread count goes up, and the notification is there.
  await expect(badge).toContainText(String(before + 1), { timeout: 5_000 });
  await badge.click();
  const item = b.getByRole("list", { name: "Notifications" }).getByRole("listitem").first();
  await expect(item).toContainText(`${demo.owner.name} mentioned you on “Globex platform licence”`);
  await item.getByRole("link").click();
  await expect(b.getByRole("heading", { name: "Globex platform licence" })).toBeVisible();
  await expect(b.getByRole("list", { name: "Comment threads" })).toContainText("Can you confirm the seats");

  // Sam replies and resolves; Olivia sees it live.
  const thread = b.getByRole("list", { name: "Comment threads" }).locator(":scope > li").first();
  await thread.getByPlaceholder("Reply… (@ to mention)").fill("Confirmed: 40 seats.");
  await thread.getByRole("button", { name: "Reply", exact: true }).click();
  await expect(a.getByRole("list", { name: "Replies" })).toContainText("Confirmed: 40 seats.", { timeout: 5_000 });
  await thread.getByRole("button", { name: "Resolve" }).click();
  await expect(a.getByText("Show 1 resolved thread")).toBeVisible({ timeout: 5_000 });
  await close();
});
