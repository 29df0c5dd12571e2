/**
 * CSV import: rows a second for a large contacts file (BENCH_IMPORT_ROWS, 100,000), and the peak
 * memory of the two processes it goes through, driven the way an integrator drives it with an API
 * key:
 *
 * 1. upload: `POST /api/import/contacts` with the file as the body (the web process reads it,
 *    parses it, suggests a mapping and stores it);
 * 2. preview: `POST /api/v1/imports/{id}/preview` with the suggested mapping (every row checked,
 *    duplicates looked for);
 * 3. start: `POST /api/v1/imports/{id}/start`, which queues a job; our worker process runs it in
 *    batches of 100 rows;
 * 4. `GET /api/v1/imports/{id}` every 250 ms until it is done; then the contacts are counted in
 *    PostgreSQL and checked against what the file should give.
 *
 * The web process is the API door `npm start` serves (scripts/bench/servers/api.ts), the worker
 * the real one (jobs/index.ts), each a process of its own: CPU and peak RSS from /proc, and RSS
 * sampled every 100 ms to tell the phases apart. A file over the import's row limit is refused at
 * upload; it is then imported as an integrator would have to, in files of the largest size
 * allowed, one after the other (the refusal itself is timed at the end, so that it does not
 * raise the peak figures of the import).
 *
 * The file: first and last name, email, phone, company (2,000 names, some with a comma, so
 * quoted), job title, lifecycle stage and tags. One row in 100 repeats an earlier row's email
 * (differently cased): skipped as a duplicate. One row in 1,000 has an address that is not one:
 * rejected with its reason. A 1,000-row import runs first as a warm-up (compiled code, full pools),
 * and gives the memory a small file costs, to compare.
 */
import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { stringify } from "csv-stringify/sync";
import postgres from "postgres";
import { MAX_IMPORT_ROWS } from "@/server/domain/imports/parse";
import { benchWorkspace, freePort, root, startServer, stopServer, usage, type BenchResult, type BenchRow } from "./lib";

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const WARM_UP_ROWS = 1000;

// The file --------------------------------------------------------------------------------------

const header = ["First name", "Last name", "Email", "Phone", "Company", "Job title", "Lifecycle stage", "Tags"];
const firstNames = "Ada Alan Grace Linus Margaret Dennis Barbara Ken Frances Edsger Radia Tim Hedy Claude Katherine Donald Sophie John Anita Niklaus Shafi Leslie Jean Bjarne Guido Yukihiro Rasmus Brendan Carol Ivan".split(" ");
const lastNames = "Moreno Lovelace Hopper Torvalds Hamilton Ritchie Liskov Thompson Allen Dijkstra Perlman Berners-Lee Lamarr Shannon Johnson Knuth Wilson McCarthy Borg Wirth Goldwasser Lamport Sammet Stroustrup Rossum Matsumoto Lerdorf Eich Shaw Sutherland".split(" ");
const companyWords = ["Summit", "Harbor", "Northwind", "Bluebird", "Ironwood", "Meridian", "Cobalt", "Juniper", "Atlas", "Vertex"];
const companyKinds = ["Logistics", "Foods", "Systems", "Partners", "Labs", "Health", "Energy", "Media"];
const suffixes = ["", " Ltd", ", Inc.", " GmbH", " SA"];
const titles = ["Sales Manager", "CTO", "Head of Operations", "Buyer", "Office Manager", "Account Executive", "Founder", ""];
const stages = ["Lead", "Subscriber", "Customer", "Opportunity", ""];
const tagSets = ["newsletter", "trade-show, 2026", "", "partner", ""];

/** A small seeded generator: the same file every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface File {
  /** Data rows, without the header. */
  rows: string[][];
  duplicates: number;
  invalid: number;
}

/** `rows` contacts; `tag` keeps the emails of two files apart. */
function contactsFile(rows: number, tag: string, seed: number): File {
  const next = random(seed);
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)]!;
  const out: string[][] = [];
  let duplicates = 0;
  let invalid = 0;
  for (let i = 0; i < rows; i++) {
    const first = pick(firstNames);
    const last = pick(lastNames);
    const c = Math.floor(next() * 2000);
    const company = `${companyWords[c % 10]} ${companyKinds[Math.floor(c / 10) % 8]} ${Math.floor(c / 80) + 1}${suffixes[c % 5]}`;
    const domain = `${company.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/-+$/, "")}.example`;
    let email = `${first}.${last}.${tag}${i}@${domain}`.toLowerCase();
    if (i % 100 === 99) {
      // The same person again, typed differently: the earlier row's address, capitalised.
      email = out[i - 50]![2]!.toUpperCase();
      duplicates++;
    } else if (i % 1000 === 500) {
      email = `${first.toLowerCase()} at ${domain}`;
      invalid++;
    }
    const phone = `+1 (555) ${String(100 + (i % 900)).padStart(3, "0")}-${String(Math.floor(next() * 10000)).padStart(4, "0")}`;
    out.push([first, last, email, phone, company, pick(titles), pick(stages), pick(tagSets)]);
  }
  return { rows: out, duplicates, invalid };
}

const csv = (rows: string[][]) => stringify([header, ...rows]);

// Measuring -------------------------------------------------------------------------------------

/** Resident memory now, in MB (the peak since start is `usage().peakMb`). */
function rssMb(pid: number) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : 0;
}

/** The largest resident memory seen per phase and process, sampled every 100 ms. */
function rssSampler(pids: Record<string, number>) {
  const peaks = new Map<string, Record<string, number>>();
  let phase = "idle";
  const sample = () => {
    const seen = peaks.get(phase) ?? {};
    for (const [name, pid] of Object.entries(pids)) seen[name] = Math.max(seen[name] ?? 0, rssMb(pid));
    peaks.set(phase, seen);
  };
  const timer = setInterval(sample, 100);
  return {
    phase(name: string) {
      sample();
      phase = name;
      sample();
    },
    peak: (name: string, proc: string) => peaks.get(name)?.[proc] ?? NaN,
    stop: () => clearInterval(timer),
  };
}

/**
 * CPU seconds so far of the PostgreSQL backends serving connections of that application name, by
 * backend: where the server runs on this machine, what the database spends on a process's work.
 */
async function backendCpu(sql: postgres.Sql, applicationName: string) {
  const backends = await sql<{ pid: number }[]>`select pid from pg_stat_activity where application_name = ${applicationName}`;
  const cpu = new Map<number, number>();
  for (const { pid } of backends) {
    try {
      cpu.set(pid, usage(pid).cpu);
    } catch {
      // Not on this machine (or gone): not counted.
    }
  }
  return cpu;
}

/** CPU seconds between two readings (a backend opened in between counts from zero). */
const cpuBetween = (before: Map<number, number>, after: Map<number, number>) => [...after].reduce((s, [pid, cpu]) => s + cpu - (before.get(pid) ?? 0), 0);

interface ImportState {
  id: string;
  status: string;
  totalRows: number;
  processedRows: number;
  created: number;
  skipped: number;
  updated: number;
  failed: number;
  error: string | null;
  mapping: Record<string, string>;
}

/** One file through upload → preview → start → done, over HTTP as an integrator does it. */
async function importFile(base: string, key: string, body: string, name: string) {
  const auth = { authorization: `Bearer ${key}` };
  const t0 = performance.now();
  const res = await fetch(`${base}/api/import/contacts?name=${encodeURIComponent(name)}`, { method: "POST", headers: { ...auth, "content-type": "text/csv" }, body });
  const upload = (await res.json()) as ImportState & { appCode?: string; message?: string };
  const uploaded = performance.now();
  if (res.status !== 200) return { ok: false as const, refused: { status: res.status, appCode: upload.appCode, message: upload.message, ms: uploaded - t0 } };
  const plan = JSON.stringify({ mapping: upload.mapping, options: { onDuplicate: "skip", dateOrder: "auto" } });
  const post = async (path: string) => {
    const r = await fetch(`${base}/api/v1/imports/${upload.id}/${path}`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: plan });
    if (r.status !== 200) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return r.json() as Promise<Record<string, unknown>>;
  };
  const preview = await post("preview");
  const previewed = performance.now();
  await post("start");
  const started = performance.now();
  let state: ImportState;
  // The job checks the whole file before it writes its first batch: the first progress tells how long that took.
  let firstBatch = NaN;
  for (;;) {
    const r = await fetch(`${base}/api/v1/imports/${upload.id}`, { headers: auth });
    state = (await r.json()) as ImportState;
    if (state.processedRows > 0 && Number.isNaN(firstBatch)) firstBatch = performance.now();
    if (state.status === "done" || state.status === "failed") break;
    await new Promise((w) => setTimeout(w, 250));
  }
  const done = performance.now();
  if (state.status !== "done") throw new Error(`the import of ${name} failed: ${state.error}`);
  return {
    ok: true as const,
    upload,
    preview,
    state,
    ms: { upload: uploaded - t0, preview: previewed - uploaded, start: started - previewed, firstBatch: firstBatch - started, run: done - started, total: done - t0 },
  };
}

type Imported = Extract<Awaited<ReturnType<typeof importFile>>, { ok: true }>;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mb = (n: number) => `${n < 10 ? n.toFixed(1) : Math.round(n)} MB`;

export async function importBench(db: { ownerUrl: string; appUrl: string }): Promise<BenchResult[]> {
  const secret = randomUUID() + randomUUID();
  const ws = await benchWorkspace(db, "Import", secret);
  const sql = postgres(db.ownerUrl, { max: 1, onnotice: () => {} });
  try {
    const { workspace, api } = ws;
    const key = (await api.apiKeys.create({ name: "import bench", access: "write", objects: ["contact", "company"] })).token;
    const count = async () => {
      const [row] = await sql<{ contacts: number; companies: number }[]>`
        select (select count(*)::int from contacts where workspace_id = ${workspace.id} and deleted_at is null) as contacts,
               (select count(*)::int from companies where workspace_id = ${workspace.id} and deleted_at is null) as companies`;
      return row!;
    };

    // Generated before the clocks start.
    const file = contactsFile(ROWS, "b", 42);
    const warmUp = contactsFile(WARM_UP_ROWS, "w", 7);
    const parts: string[][][] = [];
    for (let i = 0; i < file.rows.length; i += MAX_IMPORT_ROWS) parts.push(file.rows.slice(i, i + MAX_IMPORT_ROWS));
    const whole = csv(file.rows);

    const webPort = await freePort();
    const web = await startServer(["--import", "tsx", join(root, "scripts/bench/servers/api.ts")], { DATABASE_URL: db.appUrl, AUTH_SECRET: secret, PORT: String(webPort) }, `http://127.0.0.1:${webPort}/api/openapi.json`);
    let worker: ChildProcess | undefined;
    let rss: ReturnType<typeof rssSampler> | undefined;
    try {
      const workerPort = await freePort();
      worker = await startServer(
        ["--import", "tsx", join(root, "jobs/index.ts")],
        { DATABASE_URL: db.appUrl, AUTH_SECRET: secret, WORKER_PORT: String(workerPort), LOG_LEVEL: "warn" },
        `http://127.0.0.1:${workerPort}/health`,
      );
      const base = `http://127.0.0.1:${webPort}`;
      const pids = { web: web.pid!, worker: worker.pid! };
      const sampler = (rss = rssSampler(pids));
      const idle = { web: rssMb(pids.web), worker: rssMb(pids.worker) };
      // The machine may be shared: a busy one slows every figure down.
      const load = loadavg()[0]!;
      sampler.phase("warm-up");
      const warm = await importFile(base, key, csv(warmUp.rows), "warm-up.csv");
      if (!warm.ok) throw new Error(`the warm-up file was refused: ${warm.refused.message}`);
      const afterWarmUp = { web: usage(pids.web).peakMb, worker: usage(pids.worker).peakMb };

      const before = await count();
      const cpuBefore = { web: usage(pids.web).cpu, worker: usage(pids.worker).cpu };
      // The application names the two processes give their connections (servers/api.ts, jobs/index.ts).
      const pgBefore = { web: await backendCpu(sql, "mycrm-bench-api"), worker: await backendCpu(sql, "mycrm-worker") };
      const done: Imported[] = [];
      for (const [i, part] of parts.entries()) {
        sampler.phase(`part ${i + 1}`);
        const result = await importFile(base, key, parts.length === 1 ? whole : csv(part), parts.length === 1 ? "contacts.csv" : `contacts-${i + 1}.csv`);
        if (!result.ok) throw new Error(`part ${i + 1} was refused: ${result.refused.message}`);
        done.push(result);
      }
      sampler.phase("after");
      const totalMs = done.reduce((s, d) => s + d.ms.total, 0);
      const runMs = done.reduce((s, d) => s + d.ms.run, 0);
      const cpu = { web: usage(pids.web).cpu - cpuBefore.web, worker: usage(pids.worker).cpu - cpuBefore.worker };
      const peak = { web: usage(pids.web).peakMb, worker: usage(pids.worker).peakMb };
      const pg = {
        web: cpuBetween(pgBefore.web, await backendCpu(sql, "mycrm-bench-api")),
        worker: cpuBetween(pgBefore.worker, await backendCpu(sql, "mycrm-worker")),
      };
      const after = await count();

      // What the file should give: every row but the repeats (skipped) and the bad addresses (rejected).
      const expected = ROWS - file.duplicates - file.invalid;
      const sum = (k: "created" | "skipped" | "failed" | "updated") => done.reduce((s, d) => s + d.state[k], 0);
      const imported = after.contacts - before.contacts;
      if (imported !== expected || sum("created") !== expected || sum("skipped") !== file.duplicates || sum("failed") !== file.invalid) {
        throw new Error(
          `expected ${expected} contacts created, ${file.duplicates} skipped, ${file.invalid} rejected; the imports say ${sum("created")} created, ${sum("skipped")} skipped, ${sum("failed")} rejected, and PostgreSQL has ${imported} new contacts`,
        );
      }

      // The whole file, over the row limit: refused, and what reading it cost (last, so the peaks above are the import's own).
      let refusal: string | null = null;
      if (parts.length > 1) {
        sampler.phase("refusal");
        const tried = await importFile(base, key, whole, "contacts.csv");
        sampler.phase("end");
        refusal =
          !tried.ok
            ? `The whole file (${ROWS.toLocaleString("en")} rows, ${mb(Buffer.byteLength(whole) / 2 ** 20)}) is refused at upload: ${tried.refused.status} ${tried.refused.appCode}, “${tried.refused.message}”, after ${seconds(tried.refused.ms)}, the web process reaching ${mb(sampler.peak("refusal", "web"))} RSS to read it before saying no. So it went in ${parts.length} files of at most ${MAX_IMPORT_ROWS.toLocaleString("en")} rows, one after the other.`
            : "The whole file was accepted in one piece (and imported a second time).";
      }
      sampler.stop();

      const previews = done.map((d) => d.preview as { toCreate: number; toSkip: number; invalid: number; errors: { row: number; messages: string[] }[] });
      const rows: BenchRow[] = [
        {
          subject: `the whole import, ${ROWS.toLocaleString("en")} rows in ${parts.length} file${parts.length > 1 ? "s" : ""}: upload start → all rows in PostgreSQL`,
          throughput: ROWS / (totalMs / 1000),
          unit: "rows/s",
          cpu: (cpu.web + cpu.worker) / (totalMs / 1000),
          peakMb: peak.web + peak.worker,
        },
        {
          subject: "web process (API door): uploads, previews, progress polls",
          cpu: cpu.web / (totalMs / 1000),
          peakMb: peak.web,
        },
        {
          subject: "worker process: the import jobs (start → done)",
          throughput: ROWS / (runMs / 1000),
          unit: "rows/s",
          cpu: cpu.worker / (runMs / 1000),
          peakMb: peak.worker,
        },
      ];
      const notes = [
        `Total ${seconds(totalMs)}: ${done
          .map((d, i) => `file ${i + 1}: upload ${seconds(d.ms.upload)}, preview ${seconds(d.ms.preview)}, start ${seconds(d.ms.start)}, the job ${seconds(d.ms.run)} (${Math.round(d.state.totalRows / (d.ms.run / 1000))} rows/s; its first batch of 100 written ${seconds(d.ms.firstBatch)} after the start: the file read and checked again)`)
          .join("; ")}.`,
        `Rows: ${ROWS.toLocaleString("en")} in the file; ${sum("created").toLocaleString("en")} contacts created (PostgreSQL has ${imported.toLocaleString("en")} more, as expected), ${sum("skipped").toLocaleString("en")} skipped as repeats of an earlier row's email, ${sum("failed").toLocaleString("en")} rejected (${[...new Set(previews.flatMap((p) => p.errors.flatMap((e) => e.messages)))].join(" / ")}); ${(after.companies - before.companies).toLocaleString("en")} companies created from the Company column. The previews announced ${previews.reduce((s, p) => s + p.toCreate, 0).toLocaleString("en")} to create, ${previews.reduce((s, p) => s + p.toSkip, 0).toLocaleString("en")} to skip, ${previews.reduce((s, p) => s + p.invalid, 0).toLocaleString("en")} invalid.`,
        `Memory (RSS): web ${mb(idle.web)} idle, peak ${mb(afterWarmUp.web)} after the ${WARM_UP_ROWS.toLocaleString("en")}-row warm-up, ${mb(peak.web)} after the import (largest sample per file: ${done.map((_, i) => mb(sampler.peak(`part ${i + 1}`, "web"))).join(", ")}); worker ${mb(idle.worker)} idle, ${mb(afterWarmUp.worker)} after the warm-up, ${mb(peak.worker)} after the import (per file: ${done.map((_, i) => mb(sampler.peak(`part ${i + 1}`, "worker"))).join(", ")}).`,
        pg.web + pg.worker > 0
          ? `PostgreSQL's side (its backends on this machine): ${(pg.worker / (runMs / 1000)).toFixed(2)} of a core for the worker's connections while the jobs ran, ${(pg.web / (totalMs / 1000)).toFixed(2)} for the web process's over the whole import.`
          : "PostgreSQL's CPU not measured (not on this machine).",
        ...(refusal ? [refusal] : []),
        `Load average when the import started: ${load.toFixed(1)}, ${loadavg()[0]!.toFixed(1)} at its end.`,
      ];
      return [
        {
          name: "import",
          setup: `A contacts CSV of ${ROWS.toLocaleString("en")} rows (${mb(Buffer.byteLength(whole) / 2 ** 20)}, 8 columns, 1 % repeated emails, 0.1 % bad addresses) imported with an API key over HTTP: upload, preview, start, polled until done; duplicates skipped. The API door and the worker as \`npm start\` runs them, each its own process; after a ${WARM_UP_ROWS.toLocaleString("en")}-row warm-up import.`,
          rows,
          notes,
        },
      ];
    } finally {
      rss?.stop();
      await Promise.all([stopServer(web), worker && stopServer(worker)]);
    }
  } finally {
    await sql.end();
    await ws.close();
  }
}
