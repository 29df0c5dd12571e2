import { count, eq } from "drizzle-orm";
import type { Db } from "@/server/db/client";
import { memberships, pipelineStages, users } from "@/server/db/schema";
import { signUp } from "@/server/domain/auth/sign-up";
import { hashPassword } from "@/server/auth/password";
import { createCompany } from "@/server/domain/companies/companies";
import { createContact } from "@/server/domain/contacts/contacts";
import { createDeal } from "@/server/domain/deals/deals";
import { createLead } from "@/server/domain/leads/leads";
import type { WorkspaceCtx } from "@/server/domain/context";
import type { Role } from "@/shared/permissions";
import { createCompanyInput, createContactInput, createDealInput, createLeadInput } from "@/shared/schemas";
import type { z } from "zod";

export const DEMO_PASSWORD = "demo-password";

export const demoUsers: { name: string; email: string; role: Role }[] = [
  { name: "Olivia Hart", email: "olivia@demo.mycrm.local", role: "owner" },
  { name: "Sam Rivera", email: "sam@demo.mycrm.local", role: "member" },
  { name: "Vera Quinn", email: "vera@demo.mycrm.local", role: "viewer" },
];

/** Seeds the demo workspace when the database has no users yet. Returns whether it did. */
export async function seedIfEmpty(db: Db): Promise<boolean> {
  const [existing] = await db.select({ n: count() }).from(users);
  if ((existing?.n ?? 0) > 0) return false;

  const [owner, ...others] = demoUsers;
  const { user, workspace } = await signUp(db, {
    name: owner!.name,
    email: owner!.email,
    password: DEMO_PASSWORD,
    workspaceName: "Northwind Demo",
  });
  // The demo's addresses are its own: counted as proven (single sign-on links to them as they are).
  await db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, user.id));
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    for (const u of others) {
      const [row] = await tx.insert(users).values({ name: u.name, email: u.email, passwordHash, emailVerifiedAt: new Date() }).returning();
      await tx.insert(memberships).values({ workspaceId: workspace.id, userId: row!.id, role: u.role });
    }
    const ctx: WorkspaceCtx = { db: tx, workspaceId: workspace.id, userId: user.id, role: "owner" };
    const stages = await tx
      .select()
      .from(pipelineStages)
      .where(eq(pipelineStages.workspaceId, workspace.id))
      .orderBy(pipelineStages.position);
    const stage = (name: string) => stages.find((s) => s.name === name)!.id;

    // Through the same validation as every other door.
    const company = (input: z.input<typeof createCompanyInput>) => createCompany(ctx, createCompanyInput.parse(input));
    const companies = {
      acme: await company({ name: "Acme Logistics", domain: "acme-logistics.com", industry: "Transport", size: "201-1000" }),
      globex: await company({ name: "Globex", domain: "globex.io", industry: "Software", size: "1001-5000" }),
      initech: await company({ name: "Initech", domain: "initech.com", industry: "Finance", size: "51-200" }),
      umbrella: await company({ name: "Umbrella Health", domain: "umbrella-health.org", industry: "Healthcare", size: "5001+" }),
      stark: await company({ name: "Stark Manufacturing", domain: "stark-mfg.com", industry: "Manufacturing", size: "1001-5000" }),
    };
    const person = (firstName: string, lastName: string, title: string, company: keyof typeof companies) =>
      createContact(
        ctx,
        createContactInput.parse({
          firstName,
          lastName,
          title,
          email: `${firstName.toLowerCase()}@${companies[company].domain}`,
          companyId: companies[company].id,
          lifecycleStage: "opportunity",
        }),
      );
    const ada = await person("Ada", "Moreno", "Head of Operations", "acme");
    const ben = await person("Ben", "Okafor", "CTO", "globex");
    const cleo = await person("Cleo", "Nakamura", "VP Finance", "initech");
    const dev = await person("Dev", "Patel", "Procurement Lead", "umbrella");
    const eva = await person("Eva", "Lindqvist", "COO", "stark");
    await person("Finn", "Walsh", "IT Manager", "globex");
    await person("Gia", "Romano", "Buyer", "acme");

    const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
    const deal = (title: string, amount: number, stageName: string, company: keyof typeof companies, contactId: string, close: number) =>
      createDeal(
        ctx,
        createDealInput.parse({
          title,
          amount,
          currency: "USD",
          stageId: stage(stageName),
          companyId: companies[company].id,
          contactId,
          expectedCloseDate: inDays(close),
        }),
      );
    await deal("Acme fleet tracking rollout", 48_000, "Lead in", "acme", ada.id, 45);
    await deal("Globex platform licence", 120_000, "Qualified", "globex", ben.id, 30);
    await deal("Initech finance suite", 36_500, "Proposal", "initech", cleo.id, 21);
    await deal("Umbrella clinics pilot", 18_000, "Negotiation", "umbrella", dev.id, 10);
    await deal("Stark plant analytics", 250_000, "Proposal", "stark", eva.id, 60);
    await deal("Globex support renewal", 24_000, "Won", "globex", ben.id, -5);
    await deal("Acme warehouse sensors", 9_500, "Lost", "acme", ada.id, -12);

    for (const lead of [
      { firstName: "Hana", lastName: "Kobayashi", email: "hana@oceanic-air.example", companyName: "Oceanic Airlines", source: "website" },
      { firstName: "Marco", lastName: "Bellini", email: "marco@bellini-foods.example", companyName: "Bellini Foods", source: "event" },
      { firstName: "Priya", lastName: "Nair", email: "priya@cyberdyne.example", companyName: "Cyberdyne Systems", source: "referral" },
    ] as const) {
      await createLead(ctx, createLeadInput.parse(lead));
    }
  });
  return true;
}
