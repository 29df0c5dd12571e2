import { TRPCError } from "@trpc/server";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deals, memberships, users } from "@/server/db/schema";
import { addMember, callerAs, newWorkspace, testDatabase, uniqueEmail } from "./helpers";

async function rejects(promise: Promise<unknown>, code: TRPCError["code"]) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected ${code}`).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe(code);
  return error as TRPCError;
}

describe("sign up", () => {
  it("creates the user, their workspace with a pipeline, and makes them owner", async () => {
    const email = uniqueEmail("new");
    const result = await callerAs(null).auth.signUp({ name: "Nia Brooks", email, password: "a-long-password", workspaceName: "Brooks & Co" });
    const { db } = testDatabase();
    const [member] = await db.select().from(memberships).where(eq(memberships.userId, result.userId));
    expect(member).toMatchObject({ workspaceId: result.workspaceId, role: "owner" });
    const user = { id: result.userId, name: "Nia Brooks", email };
    const pipelines = await callerAs(user).deals.pipelines();
    expect(pipelines[0]!.stages.map((s) => s.name)).toEqual(["Lead in", "Qualified", "Proposal", "Negotiation", "Won", "Lost"]);
    const [row] = await db.select().from(users).where(eq(users.id, result.userId));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("refuses a taken email (any case) with a stable code and writes nothing", async () => {
    const email = uniqueEmail("dup");
    await callerAs(null).auth.signUp({ name: "First", email, password: "a-long-password", workspaceName: "One" });
    const error = await rejects(
      callerAs(null).auth.signUp({ name: "Second", email: email.toUpperCase(), password: "a-long-password", workspaceName: "Two" }),
      "CONFLICT",
    );
    expect(error.message).toBe("An account with this email already exists. Sign in instead.");
    const { db } = testDatabase();
    const rows = await db.select().from(users).where(sql`lower(${users.email}) = ${email}`);
    expect(rows).toHaveLength(1);
  });

  it("explains a short password in a sentence", async () => {
    const error = await rejects(
      callerAs(null).auth.signUp({ name: "X", email: uniqueEmail(), password: "short", workspaceName: "W" }),
      "BAD_REQUEST",
    );
    expect(error.message).toContain("at least 10 characters");
  });
});

describe("CRM objects through tRPC", () => {
  it("lists, creates, opens, edits and deletes companies, contacts and deals", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const company = await api.companies.create({ name: "Hooli", domain: "Hooli.com", industry: "Tech" });
    expect(company.domain).toBe("hooli.com");
    const contact = await api.contacts.create({ firstName: "Gavin", lastName: "Belson", email: "Gavin@Hooli.com", companyId: company.id });
    expect(contact.email).toBe("gavin@hooli.com");
    const [stage] = (await api.deals.pipelines())[0]!.stages;
    const deal = await api.deals.create({ title: "Hooli XYZ", amount: 1000, stageId: stage!.id, companyId: company.id, contactId: contact.id });

    expect((await api.deals.list()).map((d) => d.title)).toContain("Hooli XYZ");
    const opened = await api.deals.get({ id: deal.id });
    expect(opened).toMatchObject({ title: "Hooli XYZ", amount: 1000, currency: "USD", companyName: "Hooli", contactName: "Gavin Belson" });

    await api.deals.update({ id: deal.id, amount: 2500.5, title: "Hooli XYZ 2" });
    expect(await api.deals.get({ id: deal.id })).toMatchObject({ amount: 2500.5, title: "Hooli XYZ 2", currency: "USD" });

    const fullCompany = await api.companies.get({ id: company.id });
    expect(fullCompany.contacts.map((c) => c.id)).toEqual([contact.id]);
    expect(fullCompany.deals.map((d) => d.id)).toEqual([deal.id]);

    await api.companies.update({ id: company.id, industry: "Software" });
    expect((await api.companies.get({ id: company.id })).industry).toBe("Software");

    await api.companies.delete({ id: company.id });
    // In the trash: the contact no longer shows it (the link comes back if it is restored).
    expect((await api.contacts.get({ id: contact.id })).companyName).toBeNull();
    await api.contacts.delete({ id: contact.id });
    await api.deals.delete({ id: deal.id });
    await rejects(api.deals.get({ id: deal.id }), "NOT_FOUND");
    expect(await api.contacts.list({ search: "Gavin" })).toEqual([]);
  });

  it("searches lists by what people type, with % and _ taken literally", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    await api.contacts.create({ firstName: "Percy", lastName: "Underscore", email: "percy_u@example.com" });
    await api.contacts.create({ firstName: "Pam", lastName: "Other", email: "pamxu@example.com" });
    expect((await api.contacts.list({ search: "UNDERS" })).map((c) => c.firstName)).toEqual(["Percy"]);
    expect((await api.contacts.list({ search: "y_u" })).map((c) => c.firstName)).toEqual(["Percy"]);
    expect(await api.contacts.list({ search: "%" })).toEqual([]);
    await api.companies.create({ name: "100% Juice" });
    expect((await api.companies.list({ search: "100%" })).map((c) => c.name)).toEqual(["100% Juice"]);
  });

  it("validates input with sentences and writes nothing on bad input", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const [stage] = (await api.deals.pipelines())[0]!.stages;
    const error = await rejects(api.deals.create({ title: "  ", stageId: stage!.id }), "BAD_REQUEST");
    expect(error.message).toContain("Title is required.");
    await rejects(api.deals.create({ title: "Negative", amount: -5, stageId: stage!.id }), "BAD_REQUEST");
    await rejects(api.companies.create({ name: "Bad domain", domain: "not a domain" }), "BAD_REQUEST");
    expect(await api.deals.list()).toEqual([]);
  });

  it("asks anonymous callers to sign in", async () => {
    await rejects(callerAs(null).deals.list(), "UNAUTHORIZED");
    await rejects(callerAs(null).collab.token({ document: "deal/00000000-0000-4000-8000-000000000000" }), "UNAUTHORIZED");
  });

  it("lets a viewer read but not write", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const viewer = await addMember(workspaceId, "viewer");
    const [stage] = (await callerAs(owner, workspaceId).deals.pipelines())[0]!.stages;
    const deal = await callerAs(owner, workspaceId).deals.create({ title: "Visible", stageId: stage!.id });
    const asViewer = callerAs(viewer, workspaceId);
    expect((await asViewer.deals.get({ id: deal.id })).title).toBe("Visible");
    const error = await rejects(asViewer.deals.update({ id: deal.id, title: "Changed" }), "FORBIDDEN");
    expect(error.message).toBe("Your role does not allow this. Ask a workspace admin.");
    await rejects(asViewer.companies.create({ name: "Nope" }), "FORBIDDEN");
    await rejects(asViewer.deals.delete({ id: deal.id }), "FORBIDDEN");
    expect((await asViewer.deals.get({ id: deal.id })).title).toBe("Visible");
  });
});

describe("workspace isolation", () => {
  it("gives a member of workspace B no way to read or change workspace A's records", async () => {
    const a = await newWorkspace("A");
    const b = await newWorkspace("B");
    const apiA = callerAs(a.owner, a.workspaceId);
    const [stageA] = (await apiA.deals.pipelines())[0]!.stages;
    const company = await apiA.companies.create({ name: "A's client" });
    const contact = await apiA.contacts.create({ firstName: "Secret", companyId: company.id });
    const deal = await apiA.deals.create({ title: "A's deal", stageId: stageA!.id, amount: 99 });

    const apiB = callerAs(b.owner, b.workspaceId);
    for (const call of [
      () => apiB.deals.get({ id: deal.id }),
      () => apiB.companies.get({ id: company.id }),
      () => apiB.contacts.get({ id: contact.id }),
      () => apiB.deals.update({ id: deal.id, title: "pwned" }),
      () => apiB.deals.move({ id: deal.id, stageId: stageA!.id }),
      () => apiB.deals.delete({ id: deal.id }),
      () => apiB.companies.update({ id: company.id, name: "pwned" }),
      () => apiB.companies.delete({ id: company.id }),
      () => apiB.contacts.update({ id: contact.id, firstName: "pwned" }),
      () => apiB.contacts.delete({ id: contact.id }),
    ]) {
      await rejects(call(), "NOT_FOUND");
    }
    expect(await apiB.deals.list()).toEqual([]);
    expect(await apiB.companies.list()).toEqual([]);
    expect(await apiB.contacts.list()).toEqual([]);

    // Asking for workspace A explicitly does not help.
    await rejects(callerAs(b.owner, a.workspaceId).deals.list(), "FORBIDDEN");
    // Nor does pointing B's records at A's.
    const [stageB] = (await apiB.deals.pipelines())[0]!.stages;
    await rejects(apiB.deals.create({ title: "x", stageId: stageA!.id }), "BAD_REQUEST");
    await rejects(apiB.deals.create({ title: "x", stageId: stageB!.id, companyId: company.id }), "BAD_REQUEST");
    await rejects(apiB.contacts.create({ firstName: "x", companyId: company.id }), "BAD_REQUEST");
    // Nor a collab token for A's deal.
    await rejects(apiB.collab.token({ document: `deal/${deal.id}` }), "NOT_FOUND");

    expect(await apiA.deals.get({ id: deal.id })).toMatchObject({ title: "A's deal", amount: 99, stageId: stageA!.id });
    expect((await apiA.companies.get({ id: company.id })).name).toBe("A's client");
    expect((await apiA.contacts.get({ id: contact.id })).firstName).toBe("Secret");
  });

  it("the database itself refuses a cross-workspace reference", async () => {
    const a = await newWorkspace("A");
    const b = await newWorkspace("B");
    const company = await callerAs(a.owner, a.workspaceId).companies.create({ name: "A's" });
    const [stageB] = (await callerAs(b.owner, b.workspaceId).deals.pipelines())[0]!.stages;
    const { db } = testDatabase();
    const insert = db.insert(deals).values({
      workspaceId: b.workspaceId,
      title: "smuggled",
      pipelineId: stageB!.pipelineId as string,
      stageId: stageB!.id,
      companyId: company.id,
    });
    await expect(insert).rejects.toMatchObject({ cause: { code: "23503" } }); // foreign_key_violation
    expect(await db.select().from(deals).where(and(eq(deals.workspaceId, b.workspaceId), eq(deals.title, "smuggled")))).toEqual([]);
  });
});
