/**
 * `npm run bench:collab`: fan-out latency on one document. N clients each change the document
 * R times a second; every change is timed from the writer's change to its arrival at every other
 * client — all clients in this one process, on one monotonic clock. The same load runs, in the
 * same run, against:
 *
 * - the y-websocket reference server (`@y/websocket-server`) with a minimal client of its
 *   protocol: the peer, the floor of what a Yjs relay costs here;
 * - a bare Hocuspocus server (no extensions) with Hocuspocus's provider;
 * - MyCRM's collab-server (tokens, authorisation, the update log in PostgreSQL before each
 *   acknowledgement, record sync), as `npm start` runs it.
 *
 * Each server runs as its own process; its CPU time and peak memory are read from /proc.
 * BENCH_CLIENTS (50), BENCH_RATE (10 changes/s each), BENCH_SECONDS (10).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { mintCollabToken } from "@/server/auth/collab-token";
import { createCaller } from "@/server/api/root";
import { createDatabase } from "@/server/db/client";
import { signUp } from "@/server/domain/auth/sign-up";
import { createLogger } from "@/server/observability/logger";
import { databaseForScript } from "../lib/database-for-script";
import { freePort } from "../lib/free-port";
import { migrateDatabase, prepareAppRole } from "../lib/migrate";

const root = resolve(import.meta.dirname, "../..");
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const RATE = Number(process.env.BENCH_RATE ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_MS = 2000;
/**
 * Clients that apply and time what they receive; the others only write (and drop what the server
 * sends them), so that at 50 clients the load generator does not need a core of its own. The
 * servers' work is the same either way: every change still goes to every client.
 */
const OBSERVERS = Number(process.env.BENCH_OBSERVERS ?? 5);

export interface Client {
  doc: Y.Doc;
  ready: Promise<void>;
  close(): void;
  /** Called when everything this client sent is acknowledged (Hocuspocus: stored, for ours). */
  onAllAcked?: (listener: () => void) => void;
}

function startProcess(args: string[], env: Record<string, string>, readyUrl: string | null, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "inherit"] });
  return new Promise((ready, fail) => {
    child.once("exit", (code) => fail(new Error(`${args.join(" ")} exited with ${code}`)));
    const poll = async () => {
      const up = readyUrl
        ? await fetch(readyUrl).then((r) => r.ok, () => false)
        : await new Promise<boolean>((r) => {
            const s = new WebSocket(`ws://127.0.0.1:${port}/probe`);
            s.on("open", () => (s.close(), r(true)));
            s.on("error", () => r(false));
          });
      if (up) ready(child);
      else setTimeout(() => void poll(), 100);
    };
    void poll();
  });
}

/** CPU seconds used by a process so far, and its peak resident memory in MB. */
function usage(pid: number) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  const ticks = Number(stat[11]) + Number(stat[12]);
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return { cpu: ticks / 100, peakMb: hwm ? Number(hwm[1]) / 1024 : 0 };
}

/** Where a raw client connects, and in which of the two protocols' framings. */
export interface Wire {
  url: string;
  name: string;
  /**
   * Hocuspocus's framing: one socket at the server's URL, every message prefixed with the
   * document's name, and a token first (the server authenticates before anything else). Without
   * it, y-websocket's: the document in the URL's path, messages as they are.
   */
  hocuspocus?: { token: string | null };
}

export interface RawClient extends Client {
  socket: WebSocket;
  /** Sends this client's awareness state (as providers do on connecting and every 15 s after). */
  sendAwareness(state: Record<string, unknown>): void;
  /** Called with the send time of each change the server acknowledges (Hocuspocus's SyncStatus, in order). */
  onAck(listener: (sentAt: number) => void): void;
}

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_AUTH = 2;
const MESSAGE_SYNC_REPLY = 4;
const MESSAGE_SYNC_STATUS = 8;
/** Hocuspocus's auth message saying the token was refused (then its reason). */
const AUTH_PERMISSION_DENIED = 1;

/**
 * A client of the y-websocket protocol, or of Hocuspocus's (the same messages, framed with the
 * document's name and an auth message first): sync step 1 on open, updates both ways. An observing
 * client applies what it receives; the others drop it (their Y.Doc only makes their own changes),
 * after handing each update to `received` when given (to time it without applying it).
 */
export function rawClient(wire: Wire, observe = true, received?: (update: Uint8Array) => void): RawClient {
  const doc = new Y.Doc();
  const framed = wire.hocuspocus;
  const socket = new WebSocket(framed ? wire.url : `${wire.url}/${wire.name}`);
  socket.binaryType = "arraybuffer";
  let synced!: () => void;
  let failed!: (error: Error) => void;
  const ready = new Promise<void>((r, f) => ((synced = r), (failed = f)));
  // Whoever opens a client awaits `ready`; this only keeps a failure before they do from counting as unhandled.
  ready.catch(() => {});
  const encoder = (type: number) => {
    const e = encoding.createEncoder();
    if (framed) encoding.writeVarString(e, wire.name);
    encoding.writeVarUint(e, type);
    return e;
  };
  /** The length of a message with nothing after its type. */
  const header = encoding.length(encoder(MESSAGE_SYNC));
  // Send times of the sync steps and updates sent, in order: the server acknowledges each in turn
  // (null for a sync step: acknowledged too, but not a change of ours).
  const unacked: (number | null)[] = [];
  let ackListener: ((sentAt: number) => void) | null = null;
  const send = (message: Uint8Array) => {
    if (socket.readyState === WebSocket.OPEN) socket.send(message);
  };
  socket.on("open", () => {
    if (framed) {
      const e = encoder(MESSAGE_AUTH);
      encoding.writeVarUint(e, 0); // a token
      encoding.writeVarString(e, framed.token ?? "");
      send(encoding.toUint8Array(e));
    }
    const e = encoder(MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(e, doc);
    send(encoding.toUint8Array(e));
  });
  socket.on("error", (error) => failed(error));
  socket.on("close", (code, reason) => failed(new Error(`${wire.name}: closed with ${code} ${reason.toString()}`)));
  socket.on("message", (data: ArrayBuffer) => {
    const d = decoding.createDecoder(new Uint8Array(data));
    if (framed) decoding.readVarString(d);
    const type = decoding.readVarUint(d);
    if (type === MESSAGE_SYNC_STATUS) {
      const sentAt = unacked.shift();
      if (sentAt != null) ackListener?.(sentAt);
      return;
    }
    if (framed && type === MESSAGE_AUTH && decoding.readVarUint(d) === AUTH_PERMISSION_DENIED) failed(new Error(`${wire.name}: refused (${decoding.readVarString(d)})`));
    if (type !== MESSAGE_SYNC && type !== MESSAGE_SYNC_REPLY) return; // awareness, auth etc.
    if (!observe) {
      // A writer only needs to know it is connected; it drops everything it receives.
      synced();
      if (received && decoding.readVarUint(d) !== syncProtocol.messageYjsSyncStep1) received(decoding.readVarUint8Array(d));
      return;
    }
    const e = encoder(MESSAGE_SYNC);
    const kind = syncProtocol.readSyncMessage(d, e, doc, socket);
    if (kind === syncProtocol.messageYjsSyncStep2) synced();
    if (encoding.length(e) > header) {
      // A reply (sync step 2): the server acknowledges it like an update.
      if (framed) unacked.push(null);
      send(encoding.toUint8Array(e));
    }
  });
  doc.on("update", (update: Uint8Array, origin: unknown) => {
    if (origin === socket) return;
    const e = encoder(MESSAGE_SYNC);
    syncProtocol.writeUpdate(e, update);
    if (framed) unacked.push(performance.now());
    send(encoding.toUint8Array(e));
  });
  let awarenessClock = 0;
  return {
    doc,
    ready,
    socket,
    close: () => socket.close(),
    onAck: (listener) => (ackListener = listener),
    sendAwareness: (state) => {
      // An awareness update of one client: count, client id, clock, state as JSON (y-protocols' encoding).
      const update = encoding.createEncoder();
      encoding.writeVarUint(update, 1);
      encoding.writeVarUint(update, doc.clientID);
      encoding.writeVarUint(update, ++awarenessClock);
      encoding.writeVarString(update, JSON.stringify(state));
      const e = encoder(MESSAGE_AWARENESS);
      encoding.writeVarUint8Array(e, encoding.toUint8Array(update));
      send(encoding.toUint8Array(e));
    },
  };
}

/** A client of the y-websocket protocol: sync step 1 on open, updates both ways. */
function yWebsocketClient(url: string, name: string, observe = true): Client {
  return rawClient({ url, name }, observe);
}

function hocuspocusClient(url: string, name: string, token: string | null): Client {
  const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket as never });
  let synced!: () => void;
  const ready = new Promise<void>((r) => (synced = r));
  const provider = new HocuspocusProvider({ websocketProvider: socket, name, token, onSynced: () => synced() });
  provider.attach();
  return {
    doc: provider.document,
    ready,
    onAllAcked: (listener) => provider.on("unsyncedChanges", ({ number }: { number: number }) => number === 0 && listener()),
    close: () => {
      provider.destroy();
      socket.destroy();
    },
  };
}

/**
 * A client of Hocuspocus's protocol that only writes: authenticates, sends its sync step 1 and its
 * updates, and drops whatever the server sends (it never applies others' changes).
 */
function hocuspocusWriter(url: string, name: string, token: string | null): Client {
  return rawClient({ url, name, hocuspocus: { token } }, false);
}

interface Result {
  name: string;
  latencies: number[];
  /** From a change to the server's acknowledgement of it (for ours: committed to PostgreSQL). */
  acks: number[];
  sent: number;
  cpu: number;
  /** This process's own CPU (all the clients): near 100% means the harness, not the server, sets the pace. */
  harnessCpu: number;
  peakMb: number;
  seconds: number;
}

/** Every client writes its own key; every other client times its arrival. */
async function run(name: string, server: ChildProcess, connect: (i: number) => Client, measureSeconds = SECONDS): Promise<Result> {
  const clients = Array.from({ length: CLIENTS }, (_, i) => connect(i));
  await Promise.all(clients.map((c) => c.ready));
  const latencies: number[] = [];
  let measuring = false;
  clients.forEach((c) => {
    const map = c.doc.getMap<[number, number]>("bench");
    map.observe((event, transaction) => {
      if (transaction.local || !measuring) return;
      const now = performance.now();
      for (const key of event.keysChanged) {
        const v = map.get(key);
        if (v) latencies.push(now - v[1]);
      }
    });
  });
  let sent = 0;
  const acks: number[] = [];
  const unacked = clients.map(() => [] as number[]);
  clients.forEach((c, i) =>
    c.onAllAcked?.(() => {
      const now = performance.now();
      for (const t of unacked[i]!.splice(0)) if (measuring) acks.push(now - t);
    }),
  );
  const timers = clients.map((c, i) =>
    setTimeout(() => {
      const map = c.doc.getMap<[number, number]>("bench");
      const interval = setInterval(() => {
        const now = performance.now();
        map.set(`c${i}`, [sent, now]);
        unacked[i]!.push(now);
        if (measuring) sent++;
      }, 1000 / RATE);
      timers.push(interval);
    }, (i * (1000 / RATE)) / CLIENTS),
  );
  await new Promise((r) => setTimeout(r, WARMUP_MS));
  const before = usage(server.pid!);
  const ownBefore = process.cpuUsage();
  measuring = true;
  const start = performance.now();
  await new Promise((r) => setTimeout(r, measureSeconds * 1000));
  measuring = false;
  const seconds = (performance.now() - start) / 1000;
  const after = usage(server.pid!);
  const own = process.cpuUsage(ownBefore);
  timers.forEach((t) => clearInterval(t));
  await new Promise((r) => setTimeout(r, 500));
  clients.forEach((c) => c.close());
  return { name, latencies, acks, sent, cpu: (after.cpu - before.cpu) / seconds, harnessCpu: (own.user + own.system) / 1e6 / seconds, peakMb: after.peakMb, seconds };
}

function report(results: Result[]) {
  const acked = results.filter((r) => r.acks.length);
  const pct = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.floor((q / 100) * xs.length))] ?? NaN;
  const peer = results[0]!;
  process.stdout.write(
    `\n${CLIENTS} clients on one document, ${RATE} changes/s each, ${SECONDS} s measured; latency from a change to its arrival at each of ${Math.min(OBSERVERS, CLIENTS)} observing clients (the others only write).\n\n`,
  );
  process.stdout.write(
    `${"server".padEnd(34)}${"p50".padStart(9)}${"p95".padStart(9)}${"p99".padStart(9)}${"arrivals/s".padStart(12)}${"CPU".padStart(7)}${"peak RSS".padStart(10)}${"p99 ÷ peer".padStart(12)}${"clients' CPU".padStart(14)}\n`,
  );
  for (const r of results) {
    r.latencies.sort((a, b) => a - b);
    const ms = (q: number) => `${pct(r.latencies, q).toFixed(1)} ms`.padStart(9);
    const ratio = pct(r.latencies, 99) / pct(peer.latencies.sort((a, b) => a - b), 99);
    process.stdout.write(
      `${r.name.padEnd(34)}${ms(50)}${ms(95)}${ms(99)}${String(Math.round(r.latencies.length / r.seconds)).padStart(12)}${`${Math.round(r.cpu * 100)}%`.padStart(7)}${`${r.peakMb.toFixed(0)} MB`.padStart(10)}${(r === peer ? "—" : `×${ratio.toFixed(1)}`).padStart(12)}${`${Math.round(r.harnessCpu * 100)}%`.padStart(14)}\n`,
    );
  }
  if (acked.length) {
    process.stdout.write(`\nFrom a change to its acknowledgement by the server (for the MyCRM collab-server: durable in PostgreSQL):\n`);
    for (const r of acked) {
      r.acks.sort((a, b) => a - b);
      const ms = (q: number) => `${pct(r.acks, q).toFixed(1)} ms`.padStart(9);
      process.stdout.write(`${r.name.padEnd(34)}${ms(50)}${ms(95)}${ms(99)}\n`);
    }
  }
}

async function main() {
  const only = process.argv[2];
  const results: Result[] = [];

  // 1. The peer.
  {
    const port = await freePort();
    const server = await startProcess([join(root, "node_modules/@y/websocket-server/src/server.js")], { PORT: String(port), HOST: "127.0.0.1" }, null, port);
    // A first, unmeasured round warms this process up (compiled code), so the peer is not measured cold.
    await run("warm-up", server, (i) => yWebsocketClient(`ws://127.0.0.1:${port}`, "warmup", i < OBSERVERS), 3);
    results.push(await run("y-websocket (@y/websocket-server)", server, (i) => yWebsocketClient(`ws://127.0.0.1:${port}`, "bench", i < OBSERVERS)));
    server.kill("SIGKILL");
  }

  // 2. Hocuspocus as it comes.
  if (!only || only === "bare") {
    const port = await freePort();
    const server = await startProcess(["--import", "tsx", join(root, "scripts/bench/bare-hocuspocus.ts")], { PORT: String(port) }, null, port);
    results.push(
      await run("Hocuspocus 4.7, no extensions", server, (i) =>
        i < OBSERVERS ? hocuspocusClient(`ws://127.0.0.1:${port}`, "bench", null) : hocuspocusWriter(`ws://127.0.0.1:${port}`, "bench", null),
      ),
    );
    server.kill("SIGKILL");
  }

  // 3. Ours, with its database.
  if (!only || only === "mycrm") {
    const target = await databaseForScript();
    await migrateDatabase(target.url);
    // The collab-server connects as the application role, as `npm start` runs it (row-level security on).
    const appUrl = await prepareAppRole(target.url, randomUUID());
    const database = createDatabase(target.url, { max: 2 });
    const secret = randomUUID() + randomUUID();
    try {
      const { user, workspace } = await signUp(database.db, {
        name: "Collab Bench",
        email: `collab-bench-${randomUUID().slice(0, 8)}@bench.local`,
        password: "collab-bench-password",
        workspaceName: "Collab bench",
      });
      const api = createCaller({
        db: database.db,
        user: { id: user.id, email: user.email, name: user.name },
        apiKey: null,
        workspaceId: workspace.id,
        requestId: randomUUID(),
        log: createLogger("bench", "silent"),
        authSecret: secret,
      });
      const [stage] = (await api.deals.pipelines())[0]!.stages;
      const deal = await api.deals.create({ title: "Bench deal", stageId: stage!.id });
      const name = `deal/${deal.id}`;
      const token = await mintCollabToken(secret, { userId: user.id, document: name, name: user.name });
      const port = await freePort();
      const server = await startProcess(
        ["--import", "tsx", join(root, "collab-server/index.ts")],
        { DATABASE_URL: appUrl, AUTH_SECRET: secret, COLLAB_PORT: String(port), COLLAB_HOST: "127.0.0.1", LOG_LEVEL: "warn", ...(process.env.BENCH_PROFILE ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_PROFILE}` } : {}) },
        `http://127.0.0.1:${port}/health`,
        port,
      );
      results.push(
        await run("MyCRM collab-server (durable log)", server, (i) =>
          i < OBSERVERS ? hocuspocusClient(`ws://127.0.0.1:${port}`, name, token) : hocuspocusWriter(`ws://127.0.0.1:${port}`, name, token),
        ),
      );
      // It stores its documents as it stops: the database must outlive it.
      const exited = new Promise((r) => server.once("exit", r));
      server.kill("SIGTERM");
      await exited;
    } finally {
      await database.close();
      await target.stop();
    }
  }
  report(results);
}

// Run as a script (`npm run bench:collab`, or by `npm run bench`); imported, it only lends its clients.
if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`bench failed: ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
}
