/**
 * `npm run bench` runs every benchmark; `npm run bench -- api-read collab` runs some. It uses the
 * embedded PostgreSQL of `npm start` (DATABASE_URL when set), writes a JSON file and a Markdown
 * table to bench/results/ with the machine's facts in the header, and prints the tables.
 *
 * Benchmarks print figures; they never pass or fail on a number.
 */
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { apiBench } from "./api";
import { importBench } from "./import";
import { collabScaleBench } from "./collab-scale";
import { jobsBench } from "./jobs";
import { pagesBench } from "./pages";
import { benchDatabase, machineFacts, root, type BenchResult } from "./lib";

interface Bench {
  name: string;
  /** What it measures (shown by `npm run bench -- --list`). */
  about: string;
  run: (db: { ownerUrl: string; appUrl: string }) => Promise<BenchResult[]>;
  /** The benchmark names its run produces. */
  produces: string[];
}

/** The benchmarks written as scripts of their own, run as they are: their printed table is kept. */
function script(name: string, file: string, about: string): Bench {
  return {
    name,
    about,
    produces: [name],
    run: (db) =>
      new Promise((done, fail) => {
        const child = spawn(process.execPath, ["--import", "tsx", join(root, file)], {
          cwd: root,
          env: { ...process.env, DATABASE_URL: db.ownerUrl },
          stdio: ["ignore", "pipe", "inherit"],
        });
        let out = "";
        child.stdout.on("data", (c: Buffer) => {
          out += c.toString();
          process.stdout.write(c);
        });
        child.on("exit", (code) =>
          code === 0 ? done([{ name, setup: about, rows: [], notes: [out.trim()] }]) : fail(new Error(`${file} exited with ${code}`)),
        );
      }),
  };
}

const benches: Bench[] = [
  { name: "api", about: "API read (REST and tRPC against a bare Node + postgres.js ceiling) and API write (deal update).", produces: ["api-read", "api-write"], run: apiBench },
  { name: "jobs", about: "Trivial jobs per second through the worker, and add-job→start latency at 20 jobs/s, against graphile-worker with a task that does nothing.", produces: ["jobs", "jobs-latency"], run: jobsBench },
  { name: "import", about: "A 100,000-row contacts CSV (BENCH_IMPORT_ROWS) imported over HTTP with an API key through the API door and the worker: rows/s, peak memory of each, rows checked.", produces: ["import"], run: importBench },
  script("lists", "scripts/bench/lists.ts", "List pages, table views and global search on the seed:large workspace (1M contacts), in-process tRPC calls."),
  script("live", "scripts/bench/live.ts", "From a change to an open live subscription (lists and boards)."),
  script("collab", "scripts/bench/collab.ts", "Collaboration fan-out: 50 clients on one document at 10 changes/s, against y-websocket and bare Hocuspocus; durable acknowledgement."),
  { name: "collab-scale", about: "Collaboration at scale, against y-websocket and bare Hocuspocus: 1,000 documents × 3 clients at 1 change/s, 10,000 idle connections (memory, event-loop delay), durability lag.", produces: ["collab-docs", "connections", "durability"], run: collabScaleBench },
  { name: "pages", about: "Page loads with Lighthouse (sign-in, contacts list of 10,000, deal page), mobile and desktop, on the production build.", produces: ["pages"], run: pagesBench },
];

function table(result: BenchResult): string {
  if (result.table) {
    const { columns, rows } = result.table;
    const lines = [`| ${columns.join(" | ")} |`, `| ${columns.map((_, i) => (rows.every((r) => /^[\d.,-]*$/.test(r[i] ?? "")) ? "---:" : "---")).join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)];
    return [...lines, ...(result.notes ?? []).map((n) => `\n${n}`)].join("\n") + "\n";
  }
  if (!result.rows.length) return "```\n" + (result.notes ?? []).join("\n") + "\n```\n";
  const fmt = (n: number | undefined, digits = 1) => (n === undefined || Number.isNaN(n) ? "" : n.toFixed(digits));
  const lines = [
    "| subject | throughput | p50 ms | p95 ms | p99 ms | CPU (cores) | peak RSS MB | vs peer |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ...result.rows.map(
      (r) =>
        `| ${r.subject} | ${r.throughput === undefined ? "" : `${Math.round(r.throughput).toLocaleString("en")} ${r.unit ?? ""}`} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p99)} | ${fmt(r.cpu, 2)} | ${fmt(r.peakMb, 0)} | ${r.vsPeer ?? ""} |`,
    ),
  ];
  return [...lines, ...(result.notes ?? []).map((n) => `\n${n}`)].join("\n") + "\n";
}

async function main() {
  const args = process.argv.slice(2);
  if (args.includes("--list")) {
    for (const b of benches) process.stdout.write(`${b.name.padEnd(8)} ${b.about}\n`);
    return;
  }
  const unknown = args.filter((a) => !benches.some((b) => b.name === a || b.produces.includes(a)));
  if (unknown.length) throw new Error(`unknown benchmark ${unknown.join(", ")}: see npm run bench -- --list`);
  const chosen = args.length ? benches.filter((b) => args.includes(b.name) || b.produces.some((p) => args.includes(p))) : benches;

  const db = await benchDatabase();
  try {
    const facts = await machineFacts(db.ownerUrl);
    const started = new Date();
    process.stdout.write(`Machine: ${facts.cores} cores (${facts.cpu}), ${facts.memoryGb} GiB, Node ${facts.node}, ${facts.postgres}\n\n`);
    const results: BenchResult[] = [];
    for (const bench of chosen) {
      process.stdout.write(`— ${bench.name}: ${bench.about}\n`);
      for (const result of await bench.run(db)) {
        results.push(result);
        if (result.rows.length || result.table) process.stdout.write(`\n${result.name}: ${result.setup}\n${table(result)}\n`);
      }
    }
    const dir = join(root, "bench/results");
    mkdirSync(dir, { recursive: true });
    const stamp = started.toISOString().replace(/[:.]/g, "-");
    writeFileSync(join(dir, `${stamp}.json`), JSON.stringify({ started, facts, results }, null, 2));
    const md = [
      `# Benchmarks, ${started.toISOString()}`,
      "",
      `${facts.cores} cores (${facts.cpu}), ${facts.memoryGb} GiB, ${facts.platform}, Node ${facts.node}, ${facts.postgres}.`,
      "",
      ...results.flatMap((r) => [`## ${r.name}`, "", r.setup, "", table(r)]),
    ].join("\n");
    writeFileSync(join(dir, `${stamp}.md`), md);
    process.stdout.write(`\nWritten to bench/results/${stamp}.json and .md\n`);
  } finally {
    await db.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
