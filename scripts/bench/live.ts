/**
 * `npm run bench:live`: how long a change takes from its commit to an open subscription
 * (`live.changes`), the path that moves a deal on everyone's board. Uses the database of
 * `npm start` (or DATABASE_URL), in a workspace of its own, and prints p50/p95/p99.
 */
import { randomUUID } from "node:crypto";
import { createCaller } from "@/server/api/root";
import { createDatabase } from "@/server/db/client";
import { signUp } from "@/server/domain/auth/sign-up";
import { createLogger } from "@/server/observability/logger";
import { databaseForScript } from "../lib/database-for-script";
import { migrateDatabase } from "../lib/migrate";

const RUNS = Number(process.env.BENCH_RUNS ?? 200);

async function main() {
  const target = await databaseForScript();
  await migrateDatabase(target.url);
  const database = createDatabase(target.url, { max: 4 });
  try {
    const { user, workspace } = await signUp(database.db, {
      name: "Live Bench",
      email: `live-bench-${randomUUID().slice(0, 8)}@bench.local`,
      password: "live-bench-password",
      workspaceName: "Live bench",
    });
    const caller = () =>
      createCaller({
        db: database.db,
        user: { id: user.id, email: user.email, name: user.name },
        apiKey: null,
        workspaceId: workspace.id,
        requestId: randomUUID(),
        log: createLogger("bench", "silent"),
        authSecret: "x".repeat(32),
      });
    const [pipeline] = await caller().deals.pipelines();
    const stages = pipeline!.stages.filter((s) => s.kind === "open");
    const deal = await caller().deals.create({ title: "Bench deal", stageId: stages[0]!.id });
    const events = (await caller().live.changes())[Symbol.asyncIterator]();
    await new Promise((r) => setTimeout(r, 300));

    const afterCommit: number[] = [];
    const total: number[] = [];
    for (let i = 0; i < RUNS + 10; i++) {
      const start = performance.now();
      const arrived = events.next().then(() => performance.now());
      await caller().deals.move({ id: deal.id, stageId: stages[(i + 1) % stages.length]!.id });
      const committed = performance.now();
      const at = await arrived;
      if (i >= 10) {
        afterCommit.push(at - committed);
        total.push(at - start);
      }
    }
    const row = (name: string, xs: number[]) => {
      xs.sort((a, b) => a - b);
      const p = (q: number) => `${xs[Math.min(xs.length - 1, Math.floor((q / 100) * xs.length))]!.toFixed(1)} ms`.padStart(9);
      process.stdout.write(`${name.padEnd(44)} ${p(50)} ${p(95)} ${p(99)}\n`);
    };
    process.stdout.write(`${RUNS} deal moves, one at a time, one subscriber in the same process.\n\n${"".padEnd(44)} ${"p50".padStart(9)} ${"p95".padStart(9)} ${"p99".padStart(9)}\n`);
    row("commit → subscriber", afterCommit);
    row("move called → subscriber (incl. the write)", total);
  } finally {
    await database.close();
    await target.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
