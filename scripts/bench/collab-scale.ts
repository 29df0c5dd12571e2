/**
 * `npm run bench -- collab-scale`: the collab-server at scale. Each part runs, in the same run,
 * against the y-websocket reference server (`@y/websocket-server`, the peer), a bare Hocuspocus
 * 4.7, and MyCRM's collab-server as `npm start` runs it (tokens, authorisation and document loads
 * against PostgreSQL, the update log before each acknowledgement, snapshots, record sync). Each
 * server is a process of its own (CPU and memory from /proc); every client is a raw protocol
 * client from collab.ts, all in this one process on one monotonic clock. No provider, and no
 * receiver applies what it receives: it reads the change's id (client:clock) from the update's
 * first bytes and looks up its send time — 3,000 providers, or 6,000 updates a second applied to
 * Y.Docs, would make this process the bottleneck. Its own CPU and event-loop delay are reported
 * beside each figure: near a core, or a delay near the latencies, means the harness set the pace;
 * so is the share of the time the server's and this process's main threads waited for a CPU
 * (schedstat): high, and the machine (2 cores, PostgreSQL and whatever else runs) set it. MyCRM's
 * PostgreSQL backends' CPU is given beside its own. Every client does what an idle provider does
 * besides: its awareness on connecting, and every 15 s.
 *
 * - collab-docs: BENCH_DOCS (1,000) documents × BENCH_DOC_CLIENTS (3) clients, each client
 *   changing its document once a second; latency from a change to its arrival at the other
 *   clients of its document, p50/p95/p99, over BENCH_SECONDS (20) after a 5 s warm-up.
 * - connections: idle authenticated connections ramped to BENCH_CONNECTIONS (10,000), 5 a document
 *   (BENCH_CONNECTIONS_PER_DOC). Memory per connection and per loaded document from the server's
 *   growth: first one connection to each document (every document loaded), then the rest (only
 *   connections added). RSS from /proc; heap (and external memory) read through the inspector
 *   protocol after a forced full GC. While they are held (BENCH_SECONDS): the server's event-loop
 *   delay — for MyCRM its own /metrics (prom-client's monitorEventLoopDelay), for every server a
 *   websocket ping→pong round trip from here (ws answers pings on its event loop) — and its CPU.
 * - durability (MyCRM only; the peers keep documents in memory): each change's time to its
 *   acknowledgement and to its row in `document_updates` being visible to another PostgreSQL
 *   connection, polled every BENCH_POLL_MS (2) ms — for the changes of a BENCH_SECONDS window of
 *   the collab-docs load (which then stops, and they are waited for as long as the update log
 *   takes, 3 minutes at most: that time is reported too), then for those of 10 writers alone. The
 *   collab-server sends the acknowledgement (Hocuspocus's SyncStatus) only once the update log's
 *   INSERT has committed, so the row is there before the ack: what is measured is the time to
 *   both, and how often the poller saw the row before the ack arrived.
 *
 * Connections are opened gradually: at most BENCH_RAMP_CONCURRENCY (16) waiting for their
 * document at once, at most BENCH_RAMP_RATE (500) a second. MyCRM authorises each connection and
 * loads each document from PostgreSQL, so it sets its own pace below that cap; the rates reached
 * are reported. `npm run bench -- connections` (or collab-docs, durability) runs one part;
 * BENCH_SCALE_SERVERS (y-websocket,bare,mycrm) picks the servers; BENCH_PROFILE=dir writes each
 * server's CPU profile of the collab-docs window and of the connections' hold there.
 */
import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import * as decoding from "lib0/decoding";
import postgres from "postgres";
import WebSocket from "ws";
import * as Y from "yjs";
import { mintCollabToken } from "@/server/auth/collab-token";
import { createDatabase } from "@/server/db/client";
import { signUp } from "@/server/domain/auth/sign-up";
import { rawClient, type RawClient, type Wire } from "./collab";
import { freePort, root, startServer, stopServer, summarise, usage, type BenchResult, type BenchRow } from "./lib";

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const DOCS = num("BENCH_DOCS", 1000);
const DOC_CLIENTS = num("BENCH_DOC_CLIENTS", 3);
const CONNECTIONS = num("BENCH_CONNECTIONS", 10_000);
const CONNECTIONS_PER_DOC = num("BENCH_CONNECTIONS_PER_DOC", 5);
const CONNECTION_DOCS = Math.ceil(CONNECTIONS / CONNECTIONS_PER_DOC);
const SECONDS = num("BENCH_SECONDS", 20);
const RAMP_RATE = num("BENCH_RAMP_RATE", 500);
const RAMP_CONCURRENCY = num("BENCH_RAMP_CONCURRENCY", 16);
const POLL_MS = num("BENCH_POLL_MS", 2);
const SERVERS = (process.env.BENCH_SCALE_SERVERS ?? "y-websocket,bare,mycrm").split(",");
/** Where to write each server's CPU profile of the connections' hold, when set. */
const PROFILE_DIR = process.env.BENCH_PROFILE;
const WARMUP_MS = 5000;
/** Documents opened and closed before the first memory reading, so one-off costs (compiled code, pools) are not counted per document. */
const WARM_DOCS = 4;
/** Writers left in the durability run's light window: one change a second each. */
const LIGHT_WRITERS = Math.min(10, DOCS);
/** How often idle providers renew their awareness state (y-protocols: half its 30 s timeout). */
const AWARENESS_RENEW_MS = 15_000;
/** Connections whose ping round trips probe the server's event loop, and how often one is pinged. */
const PING_CLIENTS = 20;
const PING_EVERY_MS = 5;
/** monitorEventLoopDelay records the time between its timer's runs: the delay is what exceeds its interval. */
const ELD_RESOLUTION_MS = 10;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "—");
const say = (line: string) => process.stdout.write(`  ${line}\n`);

/** The documents every server serves, by the same names: MyCRM's are real deals, with a token each. */
interface Fixture {
  secret: string;
  workspaceId: string;
  names: string[];
  tokens: string[];
  /** Mints the tokens anew: they live 10 minutes, and a full run is longer. */
  mint(): Promise<void>;
}

/** A server under test, started: how to reach document `i` of the fixture. */
interface Running {
  child: ChildProcess;
  wire(doc: number): Wire;
  /** Prometheus metrics (MyCRM's collab-server). */
  metricsUrl?: string;
  /** The database it connects to, and as whom: its backends' CPU is read from /proc too. */
  databaseUrl?: string;
}

interface Subject {
  key: string;
  label: string;
  /** With `inspectPort`, the server's inspector listens there (heap readings after a forced GC). */
  start(inspectPort?: number): Promise<Running>;
}

function subjects(db: { appUrl: string }, fixture: Fixture): Subject[] {
  const all: Subject[] = [
    {
      key: "y-websocket",
      label: "y-websocket (@y/websocket-server)",
      start: async (inspectPort) => {
        const port = await freePort();
        const child = await startServer([join(root, "node_modules/@y/websocket-server/src/server.js")], { PORT: String(port), HOST: "127.0.0.1" }, `http://127.0.0.1:${port}/`, { inspectPort });
        return { child, wire: (i) => ({ url: `ws://127.0.0.1:${port}`, name: fixture.names[i]! }) };
      },
    },
    {
      key: "bare",
      label: "Hocuspocus 4.7, no extensions",
      start: async (inspectPort) => {
        const port = await freePort();
        const child = await startServer(["--import", "tsx", join(root, "scripts/bench/bare-hocuspocus.ts")], { PORT: String(port) }, `http://127.0.0.1:${port}/`, { inspectPort });
        return { child, wire: (i) => ({ url: `ws://127.0.0.1:${port}`, name: fixture.names[i]!, hocuspocus: { token: null } }) };
      },
    },
    {
      key: "mycrm",
      label: "MyCRM collab-server",
      start: async (inspectPort) => {
        await fixture.mint();
        const port = await freePort();
        const child = await startServer(
          ["--import", "tsx", join(root, "collab-server/index.ts")],
          // As `npm start` runs it: the application role (row-level security on), its own pool.
          { DATABASE_URL: db.appUrl, AUTH_SECRET: fixture.secret, COLLAB_PORT: String(port), COLLAB_HOST: "127.0.0.1", LOG_LEVEL: "warn" },
          `http://127.0.0.1:${port}/health`,
          { inspectPort },
        );
        return {
          child,
          metricsUrl: `http://127.0.0.1:${port}/metrics`,
          databaseUrl: db.appUrl,
          wire: (i) => ({ url: `ws://127.0.0.1:${port}`, name: fixture.names[i]!, hocuspocus: { token: fixture.tokens[i]! } }),
        };
      },
    },
  ];
  return all.filter((s) => SERVERS.includes(s.key));
}

/** One workspace, `count` deals, a token per deal document (the clients of one document share it). */
async function makeFixture(ownerUrl: string, count: number): Promise<Fixture> {
  const database = createDatabase(ownerUrl, { max: 2 });
  try {
    const secret = randomUUID() + randomUUID();
    const { user, workspace } = await signUp(database.db, {
      name: "Collab Scale Bench",
      email: `collab-scale-${randomUUID().slice(0, 8)}@bench.local`,
      password: "collab-scale-bench-password",
      workspaceName: "Collab scale bench",
    });
    // As the owner, in one statement: 3,000 deals through the API would take a minute.
    const ids = await database.sql<{ id: string }[]>`
      insert into deals (workspace_id, title, pipeline_id, stage_id, owner_id, created_by, updated_by)
      select ${workspace.id}, 'Scale bench deal ' || i, s.pipeline_id, s.id, ${user.id}, ${user.id}, ${user.id}
      from generate_series(1, ${count}::int) i,
           (select id, pipeline_id from pipeline_stages where workspace_id = ${workspace.id} order by position limit 1) s
      returning id`;
    const names = ids.map((r) => `deal/${r.id}`);
    const fixture: Fixture = {
      secret,
      workspaceId: workspace.id,
      names,
      tokens: [],
      mint: async () => {
        fixture.tokens = await Promise.all(names.map((document) => mintCollabToken(secret, { userId: user.id, document, name: user.name })));
      },
    };
    return fixture;
  } finally {
    await database.close();
  }
}

/**
 * Opens `count` clients gradually: at most RAMP_CONCURRENCY waiting to be ready at once (each
 * waits for its document to be loaded and synced), at most RAMP_RATE a second. A client not ready
 * within 30 s (or closed before) is replaced, as a provider would reconnect, twice at most; the
 * retries are counted.
 */
async function ramp(count: number, open: (j: number) => RawClient): Promise<{ clients: RawClient[]; rate: number; retries: number }> {
  const clients: RawClient[] = [];
  const start = performance.now();
  let next = 0;
  let failed = false;
  let retries = 0;
  const attempt = async (j: number) => {
    const client = open(j);
    clients[j] = client;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise((_, fail) => (timer = setTimeout(() => fail(new Error(`connection ${j + 1} of ${count} not ready after 30 s`)), 30_000)));
    try {
      await Promise.race([client.ready, timeout]);
    } catch (error) {
      client.close();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
  const opener = async () => {
    while (next < count && !failed) {
      const j = next++;
      const wait = start + (j * 1000) / RAMP_RATE - performance.now();
      if (wait > 0) await sleep(wait);
      for (let tries = 1; ; tries++) {
        try {
          await attempt(j);
          break;
        } catch (error) {
          if (tries === 3 || /refused/.test((error as Error).message)) throw error;
          retries++;
        }
      }
    }
  };
  try {
    await Promise.all(
      Array.from({ length: Math.min(RAMP_CONCURRENCY, count) }, () =>
        opener().catch((error: unknown) => {
          failed = true; // the other openers stop too
          throw error;
        }),
      ),
    );
  } catch (error) {
    clients.forEach((c) => c?.close());
    throw error;
  }
  return { clients, rate: count / ((performance.now() - start) / 1000), retries };
}

/**
 * Does what an idle provider does: sends its awareness state once connected, and again every 15 s
 * (which also keeps Hocuspocus from closing a connection after 60 s without a message — during a
 * slow ramp too). Its timers go into `timers`, for the caller to clear.
 */
function keepAlive(client: RawClient, name: string, timers: NodeJS.Timeout[]) {
  const state = { user: { name } };
  void client.ready.then(
    () => {
      client.sendAwareness(state);
      timers.push(setTimeout(() => timers.push(setInterval(() => client.sendAwareness(state), AWARENESS_RENEW_MS)), Math.random() * AWARENESS_RENEW_MS));
    },
    () => {},
  );
  return client;
}

/**
 * CPU seconds so far of each PostgreSQL backend serving `url`'s role on its database (the
 * collab-server's pool: the benchmark itself connects as the owner; another process connected so,
 * a running `npm start`, would count too), by pid. PostgreSQL's shared processes (WAL writer,
 * checkpointer) are not in it.
 */
function backendsCpu(url: string): Map<number, number> {
  const { username, pathname } = new URL(url);
  const title = `: ${decodeURIComponent(username)} ${decodeURIComponent(pathname.slice(1))} `;
  const cpu = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(title)) continue;
      cpu.set(Number(entry), usage(Number(entry)).cpu);
    } catch {
      // gone meanwhile
    }
  }
  return cpu;
}

/** A counter or gauge from Prometheus text (the first series of that name). */
async function scrape(url: string) {
  const text = await (await fetch(url)).text();
  return (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, "m").exec(text)?.[1] ?? NaN);
}

/** CPU seconds this process has used so far. */
const ownCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/**
 * Seconds the process's main thread has spent ready to run but waiting for a CPU (Linux
 * schedstat): a measure of the machine's contention, not of the process's own work.
 */
function waitedForCpu(pid: number) {
  return Number(readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[1]) / 1e9;
}

/**
 * CPU of the server, of its PostgreSQL backends (when it has a database), and of this process,
 * this process's event-loop delay, and the share of the window each of the two main threads
 * spent waiting for a CPU (on a 2-core machine with PostgreSQL beside them), over a window.
 */
function measure(server: Running) {
  const eld = monitorEventLoopDelay({ resolution: ELD_RESOLUTION_MS });
  eld.enable();
  const pid = server.child.pid!;
  const serverCpu = usage(pid).cpu;
  const backends = server.databaseUrl ? backendsCpu(server.databaseUrl) : null;
  const own = ownCpu();
  const waited = { server: waitedForCpu(pid), harness: waitedForCpu(process.pid) };
  const start = performance.now();
  return () => {
    eld.disable();
    const seconds = (performance.now() - start) / 1000;
    let databaseCpu = NaN;
    if (backends) {
      databaseCpu = 0;
      for (const [backend, cpu] of backendsCpu(server.databaseUrl!)) databaseCpu += (cpu - (backends.get(backend) ?? 0)) / seconds;
    }
    return {
      seconds,
      serverCpu: (usage(pid).cpu - serverCpu) / seconds,
      databaseCpu,
      harnessCpu: (ownCpu() - own) / seconds,
      harnessDelayP99: eld.percentile(99) / 1e6 - ELD_RESOLUTION_MS,
      serverWaited: (waitedForCpu(pid) - waited.server) / seconds,
      harnessWaited: (waitedForCpu(process.pid) - waited.harness) / seconds,
    };
  };
}

// ————————————————————————————————————————— collab-docs and durability

type Load = ReturnType<ReturnType<typeof measure>>;

interface DocsOutcome {
  key: string;
  label: string;
  latencies: number[];
  sent: number;
  rampRate: number;
  /** Clients not ready within 30 s, replaced. */
  retries: number;
  /** The latency window's. */
  load: Load | null;
  peakMb: number;
  /** From a change to its acknowledgement, for the changes of the latency window acknowledged within 1 s of its end (Hocuspocus's protocol only), of `followed`. */
  acked: number[];
  followed?: number;
  /** MyCRM, from its metrics: snapshots stored and updates committed to the log a second, mean time of an update-log append. */
  stores?: number;
  appends?: number;
  appendMs?: number;
  /** MyCRM: from the end of the load to the last of its changes acknowledged. */
  drainSeconds?: number;
  durability: DurabilityWindow[];
}

interface DurabilityWindow {
  label: string;
  rate: number;
  /** From the change to its acknowledgement, and to its row seen by the poller. */
  acked: number[];
  visible: number[];
  /** Acknowledgement time minus the time the poller saw the row, per change that has both. */
  ackAfterVisible: number[];
  lost: { unacked: number; unseen: number };
  pollMs: number;
  load: Load;
  /** From the window's end to the last change's acknowledgement and row (or giving up). */
  waitedSeconds: number;
}

/** One change being followed to its acknowledgement and its row. */
interface Followed {
  at: number;
  ack: number;
  seen: number;
}

/**
 * The changes an update holds, by id (client, clock). A change of this benchmark is one struct,
 * so an update as a client sent it (a logged row, most relayed updates) is read from its first
 * bytes; an update the server merged from several (Hocuspocus merges what arrives within one turn
 * of its event loop) takes Yjs's own parse of every client's range.
 */
function changeIds(update: Uint8Array): [client: number, clock: number][] {
  const d = decoding.createDecoder(update);
  const clients = decoding.readVarUint(d);
  if (clients === 0) return []; // a delete-only update
  if (clients === 1 && decoding.readVarUint(d) === 1) return [[decoding.readVarUint(d), decoding.readVarUint(d)]];
  const { from, to } = Y.parseUpdateMeta(update);
  const ids: [number, number][] = [];
  for (const [client, first] of from) for (let clock = first; clock < to.get(client)!; clock++) ids.push([client, clock]);
  return ids;
}

/**
 * Reads new rows of the workspace's update log every POLL_MS on a connection of its own (the
 * primary key is (workspace_id, id)), and calls `seen` with each row's change as it shows up.
 * The collab-server's log commits batches one after another, so ids become visible in order.
 */
async function pollLog(ownerUrl: string, workspaceId: string, seen: (change: string, at: number) => void) {
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  const [top] = await sql<{ id: string }[]>`select coalesce(max(id), 0)::text as id from document_updates where workspace_id = ${workspaceId}`;
  let last = top!.id;
  let running = true;
  let polls = 0;
  let pollTime = 0;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      const rows = await sql<{ id: string; update: Uint8Array }[]>`
        select id::text, "update" from document_updates where workspace_id = ${workspaceId} and id > ${last}::bigint order by id`;
      const at = performance.now();
      polls++;
      pollTime += at - started;
      for (const row of rows) {
        last = row.id;
        for (const [client, clock] of changeIds(row.update)) seen(`${client}:${clock}`, at);
      }
      await sleep(POLL_MS);
    }
  })();
  return {
    /** The mean time a poll took (the reading's resolution is that plus POLL_MS). */
    stop: async () => {
      running = false;
      await loop;
      await sql.end();
      return pollTime / Math.max(1, polls);
    },
  };
}

async function manyDocs(subject: Subject, fixture: Fixture, ownerUrl: string, parts: { latency: boolean; durability: boolean }): Promise<DocsOutcome> {
  const inspectPort = PROFILE_DIR ? await freePort() : undefined;
  const server = await subject.start(inspectPort);
  const profiler = inspectPort ? await inspector(inspectPort) : null;
  const total = DOCS * DOC_CLIENTS;
  try {
    // Every change's send time by its id (client:clock), until each of the others has received it.
    // Receivers read that id from the update's first bytes instead of applying it to a Y.Doc:
    // applying 6,000 updates a second would make this process the bottleneck, and the servers'
    // work is the same either way.
    const inTransit = new Map<string, { at: number; left: number }>();
    let measuring = false;
    const latencies: number[] = [];
    /** Each client's own Yjs client id. */
    const own: number[] = [];
    const received = (update: Uint8Array, j: number) => {
      const now = performance.now();
      for (const [client, clock] of changeIds(update)) {
        if (client === own[j]) continue; // its own change: both servers send it back to its writer too
        const id = `${client}:${clock}`;
        const change = inTransit.get(id);
        if (!change) continue;
        if (measuring) latencies.push(now - change.at);
        if (--change.left === 0) inTransit.delete(id);
      }
    };
    // Client j is on document j % DOCS: the first DOCS connections load every document.
    const renewals: NodeJS.Timeout[] = [];
    const { clients, rate: rampRate, retries } = await ramp(total, (j) => {
      const client = keepAlive(rawClient(server.wire(j % DOCS), false, (update) => received(update, j)), `Bench ${j}`, renewals);
      own[j] = client.doc.clientID;
      return client;
    });
    say(`${subject.label}: ${total.toLocaleString("en")} clients on ${DOCS.toLocaleString("en")} documents, opened at ${Math.round(rampRate)}/s`);

    // Durability: each change followed by its id; acknowledgements come in order per connection.
    let following: Map<string, Followed> | null = null;
    const inFlight = clients.map(() => [] as (Followed | null)[]);
    clients.forEach((client, j) =>
      client.onAck(() => {
        const f = inFlight[j]!.shift();
        if (f) f.ack = performance.now();
      }),
    );

    let sent = 0;
    /** Which clients write (all, until the durability run's light window). */
    let active: (j: number) => boolean = () => true;
    const write = (j: number) => {
      if (!active(j)) return;
      const { doc } = clients[j]!;
      const at = performance.now();
      const id = `${doc.clientID}:${Y.getState(doc.store, doc.clientID)}`;
      inTransit.set(id, { at, left: DOC_CLIENTS - 1 });
      let followed: Followed | null = null;
      if (following) {
        followed = { at, ack: NaN, seen: NaN };
        following.set(id, followed);
      }
      if (subject.key !== "y-websocket") inFlight[j]!.push(followed);
      doc.getMap<number>("bench").set(`c${Math.floor(j / DOCS)}`, at);
      if (measuring) sent++;
    };
    // One change a second each, spread evenly over the second.
    const timers: NodeJS.Timeout[] = [];
    clients.forEach((_, j) => timers.push(setTimeout(() => timers.push(setInterval(() => write(j), 1000)), (j * 1000) / total)));

    try {
      await sleep(WARMUP_MS);
      const outcome: DocsOutcome = { key: subject.key, label: subject.label, latencies, sent: 0, rampRate, retries, load: null, peakMb: 0, acked: [], durability: [] };
      if (parts.latency) {
        // Hocuspocus's servers acknowledge each change too (bare: once applied in memory).
        const acks = subject.key === "y-websocket" ? null : new Map<string, Followed>();
        following = acks;
        const metricsBefore = server.metricsUrl ? await scrape(server.metricsUrl) : null;
        await profiler?.startProfile();
        const end = measure(server);
        measuring = true;
        await sleep(SECONDS * 1000);
        measuring = false;
        following = null;
        outcome.load = end();
        await profiler?.saveProfile(join(PROFILE_DIR!, `collab-docs-${subject.key}.cpuprofile`));
        outcome.sent = sent;
        if (metricsBefore && server.metricsUrl) {
          // What the server's database work was: snapshots stored, and the update log's appends.
          const after = await scrape(server.metricsUrl);
          const delta = (name: string) => after(name) - metricsBefore(name);
          outcome.stores = delta("mycrm_collab_documents_stored_total") / outcome.load.seconds;
          outcome.appends = delta("mycrm_collab_update_append_seconds_count") / outcome.load.seconds;
          outcome.appendMs = (delta("mycrm_collab_update_append_seconds_sum") / delta("mycrm_collab_update_append_seconds_count")) * 1000;
        }
        if (acks) {
          await sleep(1000);
          outcome.acked = [...acks.values()].filter((f) => !Number.isNaN(f.ack)).map((f) => f.ack - f.at);
          outcome.followed = acks.size;
        }
      }
      if (parts.durability) {
        /**
         * Follows every change made during a window to its acknowledgement and its row. With
         * `thenLight`, the load stops when the window ends (only the first LIGHT_WRITERS clients
         * go on writing), and the changes are waited for however long the update log takes to
         * catch up (3 minutes at most): how long that is, is kept too.
         */
        const follow = async (label: string, thenLight: boolean) => {
          const changes = new Map<string, Followed>();
          const poller = await pollLog(ownerUrl, fixture.workspaceId, (change, at) => {
            const f = changes.get(change);
            if (f && Number.isNaN(f.seen)) f.seen = at;
          });
          following = changes;
          const end = measure(server);
          await sleep(SECONDS * 1000);
          following = null;
          const load = end();
          const stopped = performance.now();
          if (thenLight) active = (j) => j < LIGHT_WRITERS;
          const settled = () => [...changes.values()].every((f) => !Number.isNaN(f.ack) && !Number.isNaN(f.seen));
          const limit = thenLight ? 180_000 : 5000;
          while (!settled() && performance.now() - stopped < limit) await sleep(100);
          if (thenLight) {
            while (inFlight.some((q) => q.length) && performance.now() - stopped < limit) await sleep(100);
            outcome.drainSeconds = (performance.now() - stopped) / 1000;
          }
          const pollMs = await poller.stop();
          const all = [...changes.values()];
          const both = all.filter((f) => !Number.isNaN(f.ack) && !Number.isNaN(f.seen));
          outcome.durability.push({
            label,
            rate: all.length / load.seconds,
            acked: all.filter((f) => !Number.isNaN(f.ack)).map((f) => f.ack - f.at),
            visible: all.filter((f) => !Number.isNaN(f.seen)).map((f) => f.seen - f.at),
            ackAfterVisible: both.map((f) => f.ack - f.seen),
            lost: { unacked: all.filter((f) => Number.isNaN(f.ack)).length, unseen: all.filter((f) => Number.isNaN(f.seen)).length },
            pollMs,
            load,
            waitedSeconds: (performance.now() - stopped) / 1000,
          });
        };
        await follow(`under the collab-docs load (${total.toLocaleString("en")} changes/s)`, true);
        // Then the log with little else to do.
        await sleep(2000);
        await follow(`light: ${LIGHT_WRITERS} writers, ${LIGHT_WRITERS} changes/s`, false);
      }
      outcome.peakMb = usage(server.child.pid!).peakMb;
      return outcome;
    } finally {
      [...timers, ...renewals].forEach((t) => clearInterval(t));
      clients.forEach((c) => c.close());
    }
  } finally {
    profiler?.close();
    await stopServer(server.child);
  }
}

// ————————————————————————————————————————— connections

/**
 * A session with a server's inspector: a forced full GC, then the process's own memory figures;
 * and a CPU profile of any server, when asked for (BENCH_PROFILE).
 */
async function inspector(port: number) {
  const [target] = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
  const socket = new WebSocket(target!.webSocketDebuggerUrl);
  await new Promise((ready, fail) => (socket.once("open", ready), socket.once("error", fail)));
  let id = 0;
  const waiting = new Map<number, (result: unknown) => void>();
  socket.on("message", (data: Buffer) => {
    const message = JSON.parse(data.toString()) as { id?: number; result?: unknown };
    if (message.id !== undefined) waiting.get(message.id)?.(message.result);
  });
  const call = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<unknown>((done) => {
      waiting.set(++id, done);
      socket.send(JSON.stringify({ id, method, params }));
    });
  return {
    async memory(pid: number) {
      await call("HeapProfiler.collectGarbage");
      const result = (await call("Runtime.evaluate", { expression: "JSON.stringify(process.memoryUsage())", returnByValue: true })) as { result: { value: string } };
      const m = JSON.parse(result.result.value) as { heapUsed: number; external: number };
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      return { heapMb: m.heapUsed / 2 ** 20, externalMb: m.external / 2 ** 20, rssMb: rss ? Number(rss[1]) / 1024 : NaN };
    },
    async startProfile() {
      await call("Profiler.enable");
      await call("Profiler.start");
    },
    /** Writes the profile to `file` (open it in Chrome's DevTools, Performance). */
    async saveProfile(file: string) {
      const { profile } = (await call("Profiler.stop")) as { profile: unknown };
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(profile));
    },
    close: () => socket.close(),
  };
}

type Memory = Awaited<ReturnType<Awaited<ReturnType<typeof inspector>>["memory"]>>;

interface ConnectionsOutcome {
  label: string;
  rampDocs: number;
  rampConnections: number;
  /** What each ramp cost: is it the server, its database or the machine that set the rate? */
  rampLoads: { docs: Load; rest: Load };
  /** Connections not ready within 30 s, replaced. */
  retries: number;
  before: Memory;
  docsLoaded: Memory;
  all: Memory;
  pingRtt: number[];
  /** MyCRM: p50/p99/max of its own monitorEventLoopDelay over the hold, in ms of delay. */
  ownDelay?: { p50: number; p99: number; max: number };
  /** While holding them. */
  load: Load;
  peakMb: number;
}

/** Reads prom-client's event-loop gauges (in ms of delay); each scrape also resets the histogram behind them. */
async function eventLoopMetrics(url: string) {
  const metric = await scrape(url);
  const delay = (name: string) => metric(name) * 1000 - ELD_RESOLUTION_MS;
  return { p50: delay("nodejs_eventloop_lag_p50_seconds"), p99: delay("nodejs_eventloop_lag_p99_seconds"), max: delay("nodejs_eventloop_lag_max_seconds") };
}

async function connections(subject: Subject): Promise<ConnectionsOutcome> {
  const inspectPort = await freePort();
  const server = await subject.start(inspectPort);
  const probe = await inspector(inspectPort);
  const pid = server.child.pid!;
  const opened: RawClient[] = [];
  const renewals: NodeJS.Timeout[] = [];
  let named = 0;
  // After the collab-docs documents: these have never been opened.
  const docOf = (j: number) => DOCS + (j % CONNECTION_DOCS);
  const idle = (doc: number) => keepAlive(rawClient(server.wire(doc), false), `Bench ${++named}`, renewals);
  try {
    const warm = await ramp(WARM_DOCS * CONNECTIONS_PER_DOC, (j) => rawClient(server.wire(DOCS + CONNECTION_DOCS + (j % WARM_DOCS)), false));
    warm.clients.forEach((c) => c.close());
    await sleep(3000); // the warm-up documents are stored and unloaded
    const before = await probe.memory(pid);

    let end = measure(server);
    const docs = await ramp(CONNECTION_DOCS, (j) => idle(docOf(j)));
    const docsRamp = end();
    opened.push(...docs.clients);
    await sleep(2000);
    const docsLoaded = await probe.memory(pid);
    say(`${subject.label}: ${CONNECTION_DOCS.toLocaleString("en")} documents loaded at ${Math.round(docs.rate)} connections/s`);

    end = measure(server);
    const rest = await ramp(CONNECTIONS - CONNECTION_DOCS, (j) => idle(docOf(CONNECTION_DOCS + j)));
    const restRamp = end();
    opened.push(...rest.clients);
    await sleep(2000);
    const all = await probe.memory(pid);
    say(`${subject.label}: ${CONNECTIONS.toLocaleString("en")} connections, the last ${(CONNECTIONS - CONNECTION_DOCS).toLocaleString("en")} at ${Math.round(rest.rate)}/s`);

    // Held: ping a few connections in turn; the round trip includes the server's event-loop delay.
    const pingers = Array.from({ length: Math.min(PING_CLIENTS, opened.length) }, (_, k) => opened[Math.floor((k * opened.length) / PING_CLIENTS)]!);
    const pingRtt: number[] = [];
    const pending = new Map<WebSocket, number>();
    for (const client of pingers) {
      client.socket.on("pong", () => {
        const at = pending.get(client.socket);
        if (at !== undefined) pingRtt.push(performance.now() - at);
        pending.delete(client.socket);
      });
    }
    let turn = 0;
    const pinging = setInterval(() => {
      const { socket } = pingers[turn++ % pingers.length]!;
      if (pending.has(socket) || socket.readyState !== WebSocket.OPEN) return; // still waiting for its last pong, or gone
      pending.set(socket, performance.now());
      socket.ping();
    }, PING_EVERY_MS);
    renewals.push(pinging); // cleared with the rest, whatever happens
    if (server.metricsUrl) await eventLoopMetrics(server.metricsUrl); // resets its histogram: what follows is the hold's
    if (PROFILE_DIR) await probe.startProfile();
    end = measure(server);
    await sleep(SECONDS * 1000);
    const held = end();
    if (PROFILE_DIR) await probe.saveProfile(join(PROFILE_DIR, `connections-${subject.key}.cpuprofile`));
    const ownDelay = server.metricsUrl ? await eventLoopMetrics(server.metricsUrl) : undefined;
    clearInterval(pinging);
    return {
      label: subject.label,
      rampDocs: docs.rate,
      rampConnections: rest.rate,
      rampLoads: { docs: docsRamp, rest: restRamp },
      retries: docs.retries + rest.retries,
      before,
      docsLoaded,
      all,
      pingRtt,
      ownDelay,
      load: held,
      peakMb: usage(pid).peakMb,
    };
  } finally {
    renewals.forEach((t) => clearInterval(t));
    opened.forEach((c) => c.close());
    probe.close();
    await stopServer(server.child);
  }
}

// ————————————————————————————————————————— the report

const acks = (o: DocsOutcome) => {
  if (!o.acked.length) return "";
  const { p50, p95, p99 } = summarise(o.acked);
  const missing = (o.followed ?? 0) - o.acked.length;
  return `; change → acknowledged p50/p95/p99 ${fmt(p50)} / ${fmt(p95)} / ${fmt(p99)} ms${missing ? ` (of the ${o.acked.length.toLocaleString("en")} acknowledged within 1 s of the window's end; ${missing.toLocaleString("en")} were not)` : ""}`;
};

/** What else the window cost, and whether the machine or this process may have set the pace. */
const loadNote = (load: Load | null) => {
  if (!load) return "";
  const database = Number.isNaN(load.databaseCpu) ? "" : `its PostgreSQL backends ${fmt(load.databaseCpu, 2)} cores; `;
  const pct = (share: number) => `${Math.round(share * 100)} %`;
  return `; ${database}harness CPU ${fmt(load.harnessCpu, 2)} cores, harness event-loop delay p99 ${fmt(load.harnessDelayP99)} ms; waiting for a CPU: the server's main thread ${pct(load.serverWaited)} of the time, the harness's ${pct(load.harnessWaited)}`;
};

const metricsNote = (o: DocsOutcome) =>
  o.stores === undefined
    ? ""
    : `; ${fmt(o.stores, 0)} snapshots stored a second; ${fmt(o.appends ?? NaN, 0)} updates committed to the log a second (of ${fmt(o.sent / (o.load?.seconds ?? NaN), 0)} sent), an append taking ${fmt(o.appendMs ?? NaN)} ms on average`;

function docsResult(outcomes: DocsOutcome[]): BenchResult {
  const peer = outcomes.find((o) => o.key === "y-websocket");
  const peerP99 = peer ? summarise(peer.latencies).p99 : NaN;
  const rows: BenchRow[] = outcomes.map((o) => {
    const s = summarise(o.latencies);
    return {
      subject: o.label,
      throughput: o.load ? o.latencies.length / o.load.seconds : undefined,
      unit: "arrivals/s",
      ...s,
      cpu: o.load?.serverCpu,
      peakMb: o.peakMb,
      vsPeer: o === peer || !peer ? "" : `p99 ×${fmt(s.p99 / peerP99)} the peer's`,
    };
  });
  const expected = DOC_CLIENTS - 1;
  return {
    name: "collab-docs",
    setup: `${DOCS.toLocaleString("en")} documents × ${DOC_CLIENTS} clients, one change a second each (${(DOCS * DOC_CLIENTS).toLocaleString("en")} changes/s); latency from a change to its arrival at the other ${expected} clients of its document, ${SECONDS} s after a ${WARMUP_MS / 1000} s warm-up; raw protocol clients in one process. CPU: the server's process (MyCRM's PostgreSQL not included).`,
    rows,
    notes: outcomes.map(
      (o) =>
        `${o.label}: ${o.latencies.length.toLocaleString("en")} arrivals of ${(o.sent * expected).toLocaleString("en")} expected; clients opened at ${Math.round(o.rampRate)}/s${o.retries ? ` (${o.retries} not ready within 30 s, replaced)` : ""}${loadNote(o.load)}${acks(o)}${metricsNote(o)}.`,
    ),
  };
}

function durabilityResult(outcome: DocsOutcome, bare: DocsOutcome | undefined): BenchResult {
  const reference: BenchRow[] =
    bare?.load && bare.acked.length
      ? [{ subject: `${bare.label}: change → acknowledged (in memory, nothing stored), under the collab-docs load`, throughput: bare.acked.length / bare.load.seconds, unit: "changes/s", ...summarise(bare.acked) }]
      : [];
  const rows: BenchRow[] = outcome.durability.flatMap((w) => [
    { subject: `change → acknowledged, ${w.label}`, throughput: w.rate, unit: "changes/s", ...summarise(w.acked) },
    { subject: `change → row visible to another connection, ${w.label}`, throughput: w.rate, unit: "changes/s", ...summarise(w.visible) },
    // Negative: the row was there before the ack. An upper bound: the poll's own delay is in it.
    { subject: `acknowledged → row visible (≤ 0: there first), ${w.label}`, ...summarise(w.ackAfterVisible.map((d) => -d)) },
  ]);
  rows.push(...reference);
  return {
    name: "durability",
    setup: `MyCRM collab-server: each change followed to its acknowledgement (sent once its update-log INSERT has committed) and to its row in document_updates, seen by a separate PostgreSQL connection polling every ${POLL_MS} ms. The peers keep documents in memory only.`,
    rows,
    notes: [
      "The row is committed before the acknowledgement is sent, so the true lag from acknowledgement to presence is ≤ 0; the last rows measure the poller (its interval, its query, this process's event loop) as much as the server.",
      ...outcome.durability.map(
        (w) =>
          `${w.label}: ${w.acked.length.toLocaleString("en")} acknowledged, ${w.visible.length.toLocaleString("en")} seen in the log` +
          (w.lost.unacked || w.lost.unseen ? ` (${w.lost.unacked} not acknowledged and ${w.lost.unseen} not seen ${fmt(w.waitedSeconds)} s after the window's end: not in the figures)` : "") +
          `; seen by the poller before the acknowledgement arrived: ${w.ackAfterVisible.filter((d) => d >= 0).length} of ${w.ackAfterVisible.length}; a poll took ${fmt(w.pollMs, 2)} ms on average; server CPU ${fmt(w.load.serverCpu, 2)} cores${loadNote(w.load)}.`,
      ),
      ...(outcome.drainSeconds === undefined ? [] : [`The load stopped at the end of its window; the last of its changes was acknowledged ${fmt(outcome.drainSeconds)} s later (what the update log had left waiting).`]),
    ],
  };
}

function connectionsResult(outcomes: ConnectionsOutcome[]): BenchResult {
  const added = CONNECTIONS - CONNECTION_DOCS;
  const perConnection = (o: ConnectionsOutcome, key: "heapMb" | "rssMb" | "externalMb") => ((o.all[key] - o.docsLoaded[key]) * 1024) / added;
  const perDocument = (o: ConnectionsOutcome, key: "heapMb" | "rssMb" | "externalMb") => ((o.docsLoaded[key] - o.before[key]) * 1024) / CONNECTION_DOCS - perConnection(o, key);
  const kb = (n: number) => `${fmt(n)} KB`;
  const memoryTable = [
    "| server | per connection: heap | external | RSS | per loaded document: heap | external | RSS | heap, RSS with all held | event-loop delay p50 / p99 / max, own metric |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ...outcomes.map(
      (o) =>
        `| ${o.label} | ${kb(perConnection(o, "heapMb"))} | ${kb(perConnection(o, "externalMb"))} | ${kb(perConnection(o, "rssMb"))} | ${kb(perDocument(o, "heapMb"))} | ${kb(perDocument(o, "externalMb"))} | ${kb(perDocument(o, "rssMb"))} | ${fmt(o.all.heapMb, 0)} MB, ${fmt(o.all.rssMb, 0)} MB | ${o.ownDelay ? `${fmt(o.ownDelay.p50)} / ${fmt(o.ownDelay.p99)} / ${fmt(o.ownDelay.max)} ms` : "none (ping only)"} |`,
    ),
  ].join("\n");
  return {
    name: "connections",
    setup: `${CONNECTIONS.toLocaleString("en")} idle authenticated connections, ${CONNECTIONS_PER_DOC} a document over ${CONNECTION_DOCS.toLocaleString("en")} documents, each sending its awareness on connecting and every 15 s. Latency columns: websocket ping → pong round trips from this process while they are held (${SECONDS} s), which include the server's event-loop delay; throughput: the rate the connections were opened after every document was loaded; CPU: the server's while holding them.`,
    rows: outcomes.map((o) => ({
      subject: o.label,
      throughput: o.rampConnections,
      unit: "connections/s",
      ...summarise(o.pingRtt),
      cpu: o.load.serverCpu,
      peakMb: o.peakMb,
    })),
    notes: [
      `Memory (heap and external: process.memoryUsage() after a full GC forced through the inspector; RSS from /proc), from the growth between: before (warmed up, no connection), one connection on each of the ${CONNECTION_DOCS.toLocaleString("en")} documents (all loaded), all ${CONNECTIONS.toLocaleString("en")}. Per connection = the last step ÷ ${added.toLocaleString("en")}; per document = the first step ÷ ${CONNECTION_DOCS.toLocaleString("en")} less one connection. Own metric: prom-client's monitorEventLoopDelay (10 ms timer, less its 10 ms) over the hold.\n\n${memoryTable}`,
      ...outcomes.map(
        (o) =>
          `${o.label}: the first connection to each document opened at ${Math.round(o.rampDocs)}/s (server CPU ${fmt(o.rampLoads.docs.serverCpu, 2)} cores${loadNote(o.rampLoads.docs)}), ` +
          `the others at ${Math.round(o.rampConnections)}/s (server CPU ${fmt(o.rampLoads.rest.serverCpu, 2)} cores${loadNote(o.rampLoads.rest)}); ` +
          `${o.retries ? `${o.retries} connections not ready within 30 s, replaced; ` : ""}while holding them: ${o.pingRtt.length.toLocaleString("en")} pings${loadNote(o.load)}.`,
      ),
    ],
  };
}

/** Runs the parts asked for (`npm run bench -- connections`), all of them by default. */
export async function collabScaleBench(db: { ownerUrl: string; appUrl: string }): Promise<BenchResult[]> {
  const asked = process.argv.slice(2);
  const want = (part: string) => asked.includes(part) || !["collab-docs", "connections", "durability"].some((p) => asked.includes(p));
  const docsPart = want("collab-docs");
  const durabilityPart = want("durability") && SERVERS.includes("mycrm");
  const connectionsPart = want("connections");

  const fixture = await makeFixture(db.ownerUrl, DOCS + (connectionsPart ? CONNECTION_DOCS + WARM_DOCS : 0));
  const results: BenchResult[] = [];
  // One server failing a part (say, a connection refused) leaves the others' figures standing.
  const failures: string[] = [];
  const attempt = async <T>(part: string, subject: Subject, run: () => Promise<T>): Promise<T | null> => {
    try {
      return await run();
    } catch (error) {
      const failure = `${part}, ${subject.label}: failed — ${(error as Error).message}`;
      say(failure);
      failures.push(failure);
      return null;
    }
  };
  const withFailures = (result: BenchResult, part: string) => ({ ...result, notes: [...(result.notes ?? []), ...failures.filter((f) => f.startsWith(part))] });
  if (docsPart || durabilityPart) {
    const outcomes: DocsOutcome[] = [];
    for (const subject of subjects(db, fixture)) {
      const mine = subject.key === "mycrm";
      if (!docsPart && !mine) continue;
      const outcome = await attempt("collab-docs", subject, () => manyDocs(subject, fixture, db.ownerUrl, { latency: docsPart, durability: mine && durabilityPart }));
      if (outcome) outcomes.push(outcome);
    }
    if (docsPart) results.push(withFailures(docsResult(outcomes), "collab-docs"));
    const ours = outcomes.find((o) => o.durability.length);
    if (ours) results.push(durabilityResult(ours, outcomes.find((o) => o.key === "bare")));
  }
  if (connectionsPart) {
    const outcomes: ConnectionsOutcome[] = [];
    for (const subject of subjects(db, fixture)) {
      const outcome = await attempt("connections", subject, () => connections(subject));
      if (outcome) outcomes.push(outcome);
    }
    results.push(withFailures(connectionsResult(outcomes), "connections"));
  }
  return results;
}
