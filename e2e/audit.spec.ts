import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { demo, signIn } from "./support";

test("an owner reads the audit log: a change just made, who made it, the chain checked, and a CSV export", async ({ page }) => {
  await signIn(page, demo.owner.email);
  const title = `Audit me ${Date.now()}`;
  await page.goto("/tasks");
  await page.getByLabel("New task").fill(title);
  await page.getByRole("button", { name: "Add task" }).click();
  await expect(page.getByText("Task added")).toBeVisible();

  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page).toHaveURL(/\/settings\/audit$/);
  await page.getByLabel("Kind of event").fill("task.insert");
  const log = page.getByRole("table", { name: "Audit log" });
  const row = log.getByRole("row").filter({ hasText: "task.insert" }).first();
  await expect(row).toContainText(demo.owner.name);

  await page.getByRole("button", { name: "Check the chain" }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Intact: all \d+ entries hash to the next\.$/ })).toBeVisible();

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("audit-log.csv");
  const csv = await readFile((await file.path())!, "utf8");
  expect(csv.split("\n")[0]).toBe("time,seq,actor,api key,ip,action,object type,object id,before,after,hash");
  expect(csv).toContain(title);
});
