/**
 * `npm run seed:large`: a workspace at the scale of a real company — 1,000,000 contacts,
 * 100,000 companies and 200,000 deals, with custom field values — for benchmarks and for trying
 * the UI at scale. Rows are generated inside PostgreSQL (generate_series), in batches.
 * Sign in as scale@demo.mycrm.local / demo-password to browse it.
 */
import { sql } from "drizzle-orm";
import { createDatabase } from "@/server/db/client";
import { customFields, memberships, users, workspaces } from "@/server/db/schema";
import { hashPassword } from "@/server/auth/password";
import { createDefaultPipeline } from "@/server/domain/workspaces/default-pipeline";
import { databaseForScript } from "./lib/database-for-script";
import { migrateDatabase } from "./lib/migrate";

const scale = Number(process.env.SEED_SCALE ?? 1); // 0.01 for a quick try
const counts = { companies: Math.round(100_000 * scale), contacts: Math.round(1_000_000 * scale), deals: Math.round(200_000 * scale) };
const BATCH = 50_000;

const firstNames = ["Ada", "Ben", "Cleo", "Dev", "Eva", "Finn", "Gia", "Hugo", "Iris", "Jon", "Kai", "Lena", "Milo", "Nora", "Omar", "Pia", "Quinn", "Rosa", "Sam", "Tara", "Uma", "Vik", "Wen", "Xavi", "Yara", "Zoe"];
const lastNames = ["Moreno", "Okafor", "Nakamura", "Patel", "Lindqvist", "Walsh", "Romano", "Schmidt", "Dubois", "Kowalski", "Silva", "Haddad", "Novak", "Jensen", "Murphy", "Tanaka", "Costa", "Ivanova", "Kim", "Singh"];
const words = ["North", "Blue", "Summit", "River", "Atlas", "Nova", "Pioneer", "Granite", "Harbor", "Vertex", "Cedar", "Orbit", "Lumen", "Delta", "Aurora"];
const kinds = ["Logistics", "Software", "Health", "Capital", "Foods", "Energy", "Robotics", "Media", "Labs", "Systems"];
const industries = ["Transport", "Software", "Healthcare", "Finance", "Retail", "Energy", "Manufacturing", "Media"];

const arr = (values: string[]) => sql.raw(`array[${values.map((v) => `'${v}'`).join(",")}]`);

async function timed<T>(label: string, fn: () => Promise<T>) {
  const start = performance.now();
  const result = await fn();
  process.stdout.write(`${label}: ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
  return result;
}

async function main() {
  const target = await databaseForScript();
  await migrateDatabase(target.url);
  const { db: pool, close } = createDatabase(target.url, { max: 2 });
  try {
    // All or nothing: a failed run leaves no half-made workspace behind.
    await pool.transaction(async (db) => {
    const [existing] = await db.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = 'scale@demo.mycrm.local'`);
    if (existing) {
      process.stdout.write("The scale workspace exists already (scale@demo.mycrm.local). Nothing to do.\n");
      return;
    }
    const started = performance.now();
    const [user] = await db.insert(users).values({ email: "scale@demo.mycrm.local", name: "Scale Tester", passwordHash: await hashPassword("demo-password") }).returning();
    const [ws] = await db.insert(workspaces).values({ name: "Scale Test" }).returning();
    await db.insert(memberships).values({ workspaceId: ws!.id, userId: user!.id, role: "owner" });
    const { pipeline, stages } = await createDefaultPipeline(db, ws!.id);
    const [tier] = await db
      .insert(customFields)
      .values({ workspaceId: ws!.id, object: "contact", label: "Tier", type: "select", options: { choices: [{ id: "gold", label: "Gold" }, { id: "silver", label: "Silver" }, { id: "bronze", label: "Bronze" }] } })
      .returning();
    const [score] = await db.insert(customFields).values({ workspaceId: ws!.id, object: "contact", label: "Score", type: "number" }).returning();
    const [region] = await db
      .insert(customFields)
      .values({ workspaceId: ws!.id, object: "deal", label: "Region", type: "select", options: { choices: [{ id: "emea", label: "EMEA" }, { id: "amer", label: "Americas" }, { id: "apac", label: "APAC" }] } })
      .returning();
    const w = ws!.id;
    // Generated data, not people's changes: the audit triggers stay out of a million-row load
    // (one summary entry says what was loaded instead).
    for (const t of ["companies", "contacts", "deals"]) await db.execute(sql.raw(`alter table ${t} disable trigger ${t}_audit`));
    try {

    await timed(`${counts.companies.toLocaleString("en")} companies`, async () => {
      for (let from = 1; from <= counts.companies; from += BATCH) {
        const to = Math.min(from + BATCH - 1, counts.companies);
        await db.execute(sql`
          insert into companies (workspace_id, name, domain, industry, owner_id, created_by, updated_by, created_at, updated_at)
          select ${w}, (${arr(words)})[1 + i % 15] || ' ' || (${arr(kinds)})[1 + (i / 15) % 10] || ' ' || i,
                 lower((${arr(words)})[1 + i % 15]) || i || '.example', (${arr(industries)})[1 + i % 8],
                 ${user!.id}, ${user!.id}, ${user!.id}, now() - (i || ' minutes')::interval, now()
          from generate_series(${from}::int, ${to}::int) i`);
      }
    });
    await db.execute(sql`create temporary table seed_companies as select id, row_number() over (order by created_at desc) n from companies where workspace_id = ${w}`);

    await timed(`${counts.contacts.toLocaleString("en")} contacts`, async () => {
      for (let from = 1; from <= counts.contacts; from += BATCH) {
        const to = Math.min(from + BATCH - 1, counts.contacts);
        await db.execute(sql`
          insert into contacts (workspace_id, first_name, last_name, email, emails, title, company_id, lifecycle_stage, custom, owner_id, created_by, updated_by, created_at, updated_at)
          select ${w}, f, l, lower(f || '.' || l || i || '@mail.example'),
                 jsonb_build_array(jsonb_build_object('value', lower(f || '.' || l || i || '@mail.example'), 'label', 'work')),
                 (array['CEO','CTO','Buyer','Engineer','Head of Sales','Analyst'])[1 + i % 6], c.id,
                 (array['lead','mql','sql','opportunity','customer'])[1 + i % 5],
                 jsonb_build_object(${tier!.id}::text, (array['gold','silver','bronze'])[1 + i % 3], ${score!.id}::text, i % 100),
                 ${user!.id}, ${user!.id}, ${user!.id}, now() - (i || ' seconds')::interval, now()
          from generate_series(${from}::int, ${to}::int) i
          cross join lateral (select (${arr(firstNames)})[1 + i % 26] f, (${arr(lastNames)})[1 + (i / 26) % 20] l) names
          left join seed_companies c on c.n = 1 + i % ${counts.companies}`);
      }
    });

    await timed(`${counts.deals.toLocaleString("en")} deals`, async () => {
      const stageIds = stages.map((s) => `'${s.id}'`).join(",");
      for (let from = 1; from <= counts.deals; from += BATCH) {
        const to = Math.min(from + BATCH - 1, counts.deals);
        await db.execute(sql`
          insert into deals (workspace_id, title, amount, currency, pipeline_id, stage_id, company_id, expected_close_date, custom, owner_id, created_by, updated_by, created_at, updated_at)
          select ${w}, (${arr(words)})[1 + i % 15] || ' expansion ' || i, (1000 + (i * 37) % 250000)::numeric, 'USD', ${pipeline.id},
                 (${sql.raw(`array[${stageIds}]::uuid[]`)})[1 + i % ${stages.length}], c.id, current_date + (i % 365 - 60),
                 jsonb_build_object(${region!.id}::text, (array['emea','amer','apac'])[1 + i % 3]),
                 ${user!.id}, ${user!.id}, ${user!.id}, now() - (i || ' seconds')::interval, now()
          from generate_series(${from}::int, ${to}::int) i
          left join seed_companies c on c.n = 1 + i % ${counts.companies}`);
      }
    });
    } finally {
      for (const t of ["companies", "contacts", "deals"]) await db.execute(sql.raw(`alter table ${t} enable trigger ${t}_audit`));
    }
    await db.execute(sql`select audit_append(${w}::uuid, 'seed.large', 'workspace', ${w}::uuid, null, ${JSON.stringify(counts)}::jsonb, null, null)`);
    await timed("analyze", async () => {
      for (const t of ["companies", "contacts", "deals"]) await db.execute(sql.raw(`analyze ${t}`));
    });
    process.stdout.write(
      `Done in ${((performance.now() - started) / 1000).toFixed(0)} s. Sign in as scale@demo.mycrm.local / demo-password to browse the "Scale Test" workspace.\n`,
    );
    });
  } finally {
    await close();
    await target.stop();
  }
}

main().catch((error: unknown) => {
  const cause = (error as { cause?: Error }).cause;
  process.stderr.write(`seed:large failed: ${cause?.message ?? (error as Error).message.split("\n")[0]}\n`);
  process.exit(1);
});
