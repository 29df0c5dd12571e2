import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { inWorkspace } from "@/server/db/client";
import { deals } from "@/server/db/schema";
import { appDatabase, callerAs, newWorkspace } from "./helpers";

/** What PostgreSQL says when a row would land in a workspace the transaction is not in. */
const refusedByRls = { cause: { message: expect.stringMatching(/violates row-level security policy/) as unknown } };

/** Every table that holds a workspace's rows. */
async function tenantTables(): Promise<string[]> {
  const rows = await appDatabase().db.execute<{ table_name: string }>(sql`
    select c.table_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
    where c.table_schema = 'public' and c.column_name = 'workspace_id' order by 1`);
  return [...rows].map((r) => r.table_name);
}

async function someData() {
  const { owner, workspaceId } = await newWorkspace();
  const api = callerAs(owner, workspaceId);
  const stages = (await api.deals.pipelines())[0]!.stages;
  const company = await api.companies.create({ name: "Isolated Ltd" });
  const deal = await api.deals.create({ title: "Isolated deal", stageId: stages[0]!.id, companyId: company.id });
  await api.comments.create({ recordType: "deal", recordId: deal.id, body: "Only for us" });
  await api.tasks.create({ title: "Only ours", assigneeId: owner.id });
  return { owner, workspaceId, deal };
}

describe("isolation in the database", () => {
  it("the application connects as a role that owns no table, cannot bypass row-level security and cannot create roles or databases", async () => {
    const [me] = await appDatabase().db.execute<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean; rolcreaterole: boolean; rolcreatedb: boolean }>(
      sql`select rolname, rolsuper, rolbypassrls, rolcreaterole, rolcreatedb from pg_roles where rolname = current_user`,
    );
    expect(me).toEqual({ rolname: "mycrm_app", rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false });
    const [owned] = await appDatabase().db.execute<{ n: number }>(sql`select count(*)::int as n from pg_tables where tableowner = current_user`);
    expect(owned!.n).toBe(0);
  });

  it("every table with a workspace_id has row-level security turned on and forced", async () => {
    const tables = await tenantTables();
    expect(tables.length).toBeGreaterThan(20);
    const rows = await appDatabase().db.execute<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(
      sql`select relname, relrowsecurity, relforcerowsecurity from pg_class where relnamespace = 'public'::regnamespace and relname = any(string_to_array(${tables.join(",")}, ','))`,
    );
    const unprotected = [...rows].filter((r) => !r.relrowsecurity || !r.relforcerowsecurity).map((r) => r.relname);
    expect(unprotected).toEqual([]);
  });

  it("a query with no workspace set sees nothing and writes nothing, in any tenant table", async () => {
    const { workspaceId, deal } = await someData();
    const { db } = appDatabase();
    for (const table of await tenantTables()) {
      const [row] = await db.execute<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)}`);
      expect({ table, rows: row!.n }).toEqual({ table, rows: 0 });
    }
    await expect(db.execute(sql`update deals set title = 'Hijacked' where id = ${deal.id}`)).resolves.toBeDefined();
    const [still] = await inWorkspace(db, workspaceId, (tx) => tx.select({ title: deals.title }).from(deals).where(sql`${deals.id} = ${deal.id}`));
    expect(still!.title).toBe("Isolated deal");
    await expect(db.execute(sql`insert into companies (workspace_id, name) values (${workspaceId}, 'Sneaked in')`)).rejects.toMatchObject(refusedByRls);
  });

  it("inside one workspace, another's rows are invisible and cannot be written, whatever the query asks", async () => {
    const a = await someData();
    const b = await someData();
    const { db } = appDatabase();
    await inWorkspace(db, a.workspaceId, async (tx) => {
      const visible = await tx.execute<{ workspace_id: string }>(sql`select distinct workspace_id from deals`);
      expect([...visible].map((r) => r.workspace_id)).toEqual([a.workspaceId]);
      const [theirs] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from deals where id = ${b.deal.id}`);
      expect(theirs!.n).toBe(0);
      const updated = await tx.execute(sql`update deals set title = 'Hijacked' where id = ${b.deal.id} returning id`);
      expect([...updated]).toEqual([]);
    });
    await expect(
      inWorkspace(db, a.workspaceId, (tx) => tx.execute(sql`insert into companies (workspace_id, name) values (${b.workspaceId}, 'Planted')`)),
    ).rejects.toMatchObject(refusedByRls);
    // Memberships: one's own are visible to find one's workspaces, nobody else's.
    const mine = await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('app.user_id', ${a.owner.id}, true)`);
      return tx.execute<{ workspace_id: string }>(sql`select workspace_id from memberships`);
    });
    expect([...mine].map((r) => r.workspace_id)).toEqual([a.workspaceId]);
  });
});
