/**
 * Page loads, measured with Lighthouse 12 (performance category only) against the production
 * build, served as `npm start` serves it: the web process (`src/server/web-server.ts`, NODE_ENV
 * production) and the collab-server, which the deal page opens its live document on.
 *
 * Three pages: the sign-in page (signed out), the contacts list of a workspace with 10,000
 * contacts, and a deal page (a company, a contact, the live note and fields). Each is loaded in
 * a fresh headless Chromium (empty cache and storage), with Lighthouse's mobile emulation (its
 * default: a mid-range phone, slow 4G and a 4× slower CPU, simulated) and its desktop preset,
 * BENCH_PAGES_RUNS times each (3 by default); the table gives the median of each figure.
 * Signed-in pages get the session cookie (minted with next-auth's `encode`, as api.ts does) and
 * the workspace cookie, as Lighthouse's extra headers and in the browser.
 *
 * After each load the page Lighthouse audited is checked, or the bench fails: its final URL is
 * the page asked for (not the sign-in page), and it shows what it should (the 10,000 contacts
 * counted and listed; the deal, with its live document "Live").
 *
 * The build is made first when it is missing or stale, as `npm start` does (BENCH_KEEP_BUILD=1
 * measures a stale one, saying so). The full Lighthouse report of the last load of each page and
 * form factor is written to bench/results/lighthouse/.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { launch } from "chrome-launcher";
import { sql } from "drizzle-orm";
import lighthouse, { desktopConfig, type Config, type Result } from "lighthouse";
import puppeteer from "puppeteer-core";
import { WORKSPACE_COOKIE } from "@/shared/constants";
import { buildStaleness, runBuild } from "../lib/build";
import { benchWorkspace, freePort, SESSION_COOKIE, sessionToken, root, startServer, stopServer, type BenchResult } from "./lib";

const RUNS = Number(process.env.BENCH_PAGES_RUNS ?? 3);
const CONTACTS = 10_000;
// In a headless container Chromium has no sandbox to start and no GPU; /dev/shm may be small.
const CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"];

const formFactors: { name: "mobile" | "desktop"; config: Config | undefined }[] = [
  { name: "mobile", config: undefined }, // Lighthouse's default
  { name: "desktop", config: desktopConfig },
];

/** What the page must show once loaded, or why not: proof that the real page was measured. */
interface Shown {
  /** How the document was reached: "navigate" for the load Lighthouse made and measured. */
  navigation: string;
  text: string;
  rows: number;
  collabStatus: string | null;
}

interface Page {
  name: string;
  path: string;
  signedIn: boolean;
  check: (shown: Shown) => string | null;
}

interface Figures {
  score: number;
  lcp: number;
  fcp: number;
  tbt: number;
  jsKb: number;
  totalKb: number;
  requests: number;
}

type Items = Record<string, unknown>[];
const items = (lhr: Result, audit: string): Items => ((lhr.audits[audit]?.details as { items?: Items } | undefined)?.items ?? []);

function figures(lhr: Result): Figures {
  const summary = items(lhr, "resource-summary");
  const of = (type: string) => summary.find((i) => i.resourceType === type) ?? {};
  const metric = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
  return {
    score: Math.round((lhr.categories.performance?.score ?? NaN) * 100),
    lcp: metric("largest-contentful-paint"),
    fcp: metric("first-contentful-paint"),
    tbt: metric("total-blocking-time"),
    jsKb: Number(of("script").transferSize ?? NaN) / 1024,
    totalKb: metric("total-byte-weight") / 1024,
    requests: Number(of("total").requestCount ?? NaN),
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

/** The biggest scripts and the longest main-thread tasks of a run, by file name: where the time goes. */
function diagnostics(lhr: Result): string {
  const file = (url: unknown) => String(url).replace(/^https?:\/\/[^/]+/, "").replace("/_next/static/chunks/", "");
  const scripts = items(lhr, "network-requests")
    .filter((r) => r.resourceType === "Script")
    .sort((a, b) => Number(b.transferSize) - Number(a.transferSize))
    .slice(0, 3)
    .map((r) => `${file(r.url)} ${(Number(r.transferSize) / 1024).toFixed(0)} KB (${(Number(r.resourceSize) / 1024).toFixed(0)} KB unpacked)`);
  const tasks = items(lhr, "long-tasks")
    .slice(0, 3)
    .map((t) => `${Number(t.duration).toFixed(0)} ms in ${file(t.url)}`);
  const bootup = items(lhr, "bootup-time")
    .sort((a, b) => Number(b.scripting) - Number(a.scripting))
    .slice(0, 3)
    .map((s) => `${file(s.url)} ${Number(s.scripting).toFixed(0)} ms`);
  return `biggest scripts: ${scripts.join(", ") || "none"}; longest tasks: ${tasks.join(", ") || "none"}; script evaluation: ${bootup.join(", ") || "none"}`;
}

/** The build `npm start` would serve: made when missing or stale, as `npm start` does. */
async function ensureBuild(notes: string[]) {
  const stale = buildStaleness();
  if (!stale) return;
  // Others editing the sources while a benchmark is developed should not cost a rebuild each run.
  if (process.env.BENCH_KEEP_BUILD && !stale.startsWith("there is no")) {
    notes.push(`Measured an existing build although ${stale} (BENCH_KEEP_BUILD).`);
    return;
  }
  process.stdout.write(`Building the web app first: ${stale}. This takes a few minutes.\n`);
  await runBuild((line) => process.stdout.write(`  [build] ${line}\n`));
}

/** One workspace with 10,000 contacts and a deal (with a company and a contact), and its owner. */
async function seed(db: { ownerUrl: string; appUrl: string }, secret: string) {
  const ws = await benchWorkspace(db, "Pages", secret);
  try {
    const { user, workspace, api, owner } = ws;
    // The deal and its people through the API, as a person would make them.
    const company = await api.companies.create({ name: "Harbor Logistics", domain: "harbor-logistics.example", industry: "Transport" });
    const contact = await api.contacts.create({ firstName: "Ada", lastName: "Okafor", email: "ada.okafor@harbor-logistics.example", title: "Head of Operations", companyId: company.id });
    const stage = (await api.deals.pipelines())[0]!.stages[0]!;
    const title = "Harbor Logistics fleet renewal";
    const deal = await api.deals.create({ title, stageId: stage.id, amount: 84_000, companyId: company.id, contactId: contact.id });

    // The 10,000 contacts in one statement as the database owner, as seed-large.ts does: generated
    // rows, so the per-row audit trigger stays out of it (in the same transaction).
    await owner.db.transaction(async (tx) => {
      await tx.execute(sql`alter table contacts disable trigger contacts_audit`);
      await tx.execute(sql`
        insert into contacts (workspace_id, first_name, last_name, email, emails, title, company_id, lifecycle_stage, owner_id, created_by, updated_by, created_at, updated_at)
        select ${workspace.id}, f, l, lower(f || '.' || l || i || '@mail.example'),
               jsonb_build_array(jsonb_build_object('value', lower(f || '.' || l || i || '@mail.example'), 'label', 'work')),
               (array['CEO','CTO','Buyer','Engineer','Head of Sales','Analyst'])[1 + i % 6],
               case when i % 10 = 0 then ${company.id}::uuid end,
               (array['lead','mql','sql','opportunity','customer'])[1 + i % 5],
               ${user.id}, ${user.id}, ${user.id}, now() - (i || ' seconds')::interval, now()
        from generate_series(1, ${CONTACTS - 1}::int) i
        cross join lateral (select (array['Ben','Cleo','Dev','Eva','Finn','Gia','Hugo','Iris','Jon','Kai','Lena','Milo','Nora'])[1 + i % 13] f,
                                   (array['Moreno','Nakamura','Patel','Lindqvist','Walsh','Romano','Schmidt','Dubois','Silva','Novak'])[1 + (i / 13) % 10] l) names`);
      await tx.execute(sql`alter table contacts enable trigger contacts_audit`);
    });
    await owner.db.execute(sql`analyze contacts`);
    return { user, workspace, deal: { id: deal.id, title } };
  } finally {
    await ws.close();
  }
}

// Lighthouse's "please run Lighthouse again" failures: a trace that came out broken, which a
// loaded machine produces now and then. Anything else (an error status, no paint) is the page's.
const TRANSIENT = new Set(["NO_NAVSTART", "NO_TRACING_STARTED", "NO_DCL", "NO_RESOURCE_REQUEST", "PROTOCOL_TIMEOUT"]);

/** A Lighthouse run, tried again (twice at most) when the recording, not the page, failed. */
async function auditOnce(url: string, config: Config | undefined, cookies: Record<string, string>, retried: string[]) {
  for (let attempt = 1; ; attempt++) {
    const result = await audit(url, config, cookies);
    const error = result.lhr.runtimeError;
    if (!error) return result;
    if (attempt < 3 && TRANSIENT.has(error.code)) {
      retried.push(`${url.replace(/^https?:\/\/[^/]+/, "")} (${error.code})`);
      continue;
    }
    throw new Error(`Lighthouse could not load ${url}: ${error.message} (${error.code})`);
  }
}

/** One Lighthouse run in a fresh browser: the report, the final URL and what the page showed. */
async function audit(url: string, config: Config | undefined, cookies: Record<string, string>) {
  const chrome = await launch({ chromeFlags: CHROME_FLAGS });
  try {
    // Our own tab, so that the page Lighthouse loaded can be read once it is done with it.
    const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}`, defaultViewport: null });
    try {
      const page = await browser.newPage();
      const pairs = Object.entries(cookies);
      // Lighthouse sends the cookies as extra headers while it loads the page; they go into the
      // browser too, because those headers leave with Lighthouse's connection, and the page goes on
      // asking the API (its live updates, refetches) while it is read afterwards.
      const { hostname } = new URL(url);
      if (pairs.length) await browser.setCookie(...pairs.map(([name, value]) => ({ name, value, domain: hostname, path: "/", httpOnly: true, sameSite: "Lax" as const })));
      const extraHeaders = pairs.length ? { cookie: pairs.map(([name, value]) => `${name}=${value}`).join("; ") } : undefined;
      // Without the back/forward-cache audit (no weight in the score): it leaves the page and comes
      // back, and what is read below must be the load that was measured.
      const flags = { logLevel: "error" as const, output: "json" as const, onlyCategories: ["performance"], skipAudits: ["bf-cache"], extraHeaders };
      const result = await lighthouse(url, flags, config, page);
      if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
      const lhr = result.lhr;
      if (lhr.runtimeError) return { lhr, shown: { navigation: "", text: "", rows: 0, collabStatus: null } };
      const shown = await page.evaluate(() => ({
        navigation: performance.getEntriesByType("navigation").map((e) => (e as PerformanceNavigationTiming).type).join(),
        text: document.body.innerText,
        rows: document.querySelectorAll("table tbody tr:not([aria-hidden])").length,
        collabStatus: document.querySelector('[data-testid="collab-status"]')?.textContent ?? null,
      }));
      return { lhr, shown };
    } finally {
      await browser.disconnect();
    }
  } finally {
    chrome.kill();
  }
}

export async function pagesBench(db: { ownerUrl: string; appUrl: string }): Promise<BenchResult[]> {
  const notes: string[] = [];
  await ensureBuild(notes);
  const secret = randomUUID() + randomUUID();
  const started = performance.now();
  const { user, workspace, deal } = await seed(db, secret);
  process.stdout.write(`Seeded a workspace with ${CONTACTS.toLocaleString("en-US")} contacts and a deal in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`);
  const cookies = { [SESSION_COOKIE]: await sessionToken(user, secret), [WORKSPACE_COOKIE]: workspace.id };
  const cookie = Object.entries(cookies).map(([name, value]) => `${name}=${value}`).join("; ");

  const webPort = await freePort();
  const collabPort = await freePort();
  const base = `http://127.0.0.1:${webPort}`;
  const shared = { DATABASE_URL: db.appUrl, AUTH_SECRET: secret, LOG_LEVEL: "warn", NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" };
  // The deal page opens its live document on the collab-server: without it, it would wait forever.
  const collab = await startServer(["--import", "tsx", join(root, "collab-server/index.ts")], { ...shared, COLLAB_PORT: String(collabPort), COLLAB_HOST: "127.0.0.1" }, `http://127.0.0.1:${collabPort}/health`);
  const pages: Page[] = [
    {
      name: "sign-in",
      path: "/sign-in",
      signedIn: false,
      check: (s) => (/password/i.test(s.text) ? null : "no password field text on the sign-in page"),
    },
    {
      name: `contacts (${CONTACTS.toLocaleString("en-US")})`,
      path: "/contacts",
      signedIn: true,
      check: (s) =>
        !s.text.includes(`${CONTACTS.toLocaleString("en-US")} contacts`)
          ? `the count "${CONTACTS.toLocaleString("en-US")} contacts" is not on the page`
          : s.rows < 10
            ? `only ${s.rows} table rows on the page`
            : null,
    },
    {
      name: "deal",
      path: `/deals/${deal.id}`,
      signedIn: true,
      check: (s) => (!s.text.includes(deal.title) ? "the deal's title is not on the page" : s.collabStatus !== "Live" ? `its live document is "${s.collabStatus}", not "Live"` : null),
    },
  ];
  try {
    const web = await startServer(
      ["--import", "tsx", join(root, "src/server/web-server.ts")],
      {
        ...shared,
        HOST: "127.0.0.1",
        PORT: String(webPort),
        APP_URL: base,
        NEXTAUTH_URL: base,
        COLLAB_PUBLIC_URL: `ws://127.0.0.1:${collabPort}`,
        COLLAB_INTERNAL_URL: `http://127.0.0.1:${collabPort}`,
      },
      `${base}/sign-in`,
    );
    try {
      // A warm server: each route's server code loaded once before it is measured.
      for (const page of pages) {
        for (let i = 0; i < 2; i++) await fetch(base + page.path, { headers: page.signedIn ? { cookie } : {} }).then((r) => r.arrayBuffer());
      }
      const dir = join(root, "bench/results/lighthouse");
      mkdirSync(dir, { recursive: true });
      const rows: string[][] = [];
      let version = "";
      // Lighthouse's own measure of the CPU's speed at each load: the VM is shared, and it varies.
      const speed: number[] = [];
      const retried: string[] = [];
      for (const page of pages) {
        for (const form of formFactors) {
          const runs: Figures[] = [];
          let last: Result | undefined;
          for (let run = 1; run <= RUNS; run++) {
            const report = join(dir, `${page.name.split(" ")[0]}-${form.name}.json`);
            const { lhr, shown } = await auditOnce(base + page.path, form.config, page.signedIn ? cookies : {}, retried);
            // Kept before it is checked: a wrong page is easier to understand with its report.
            writeFileSync(report, JSON.stringify(lhr));
            // The page measured must be the page asked for, showing what it should.
            const final = new URL(lhr.finalDisplayedUrl);
            process.stdout.write(`  ${page.name}, ${form.name}, run ${run}: ${lhr.finalDisplayedUrl} — score ${Math.round((lhr.categories.performance?.score ?? 0) * 100)}\n`);
            if (final.pathname !== page.path) throw new Error(`Lighthouse ended on ${lhr.finalDisplayedUrl}, not ${page.path}: the page was not measured`);
            const wrong = shown.navigation !== "navigate" ? `the document read was reached by "${shown.navigation}", not the measured load` : page.check(shown);
            if (wrong) throw new Error(`${page.name} (${form.name}): ${wrong}; the page showed: ${shown.text.slice(0, 600).replace(/\s+/g, " ")} (report: ${report})`);
            runs.push(figures(lhr));
            last = lhr;
            version = lhr.lighthouseVersion;
            speed.push(lhr.environment.benchmarkIndex);
          }
          const m = (key: keyof Figures) => median(runs.map((r) => r[key]));
          rows.push([page.name, form.name, m("score").toFixed(0), m("lcp").toFixed(0), m("fcp").toFixed(0), m("tbt").toFixed(0), m("jsKb").toFixed(0), m("totalKb").toFixed(0), m("requests").toFixed(0)]);
          notes.push(`${page.name}, ${form.name}: ${diagnostics(last!)}.`);
          if (last!.runWarnings.length) notes.push(`${page.name}, ${form.name}, Lighthouse warned: ${last!.runWarnings.join(" ")}`);
        }
      }
      return [
        {
          name: "pages",
          setup: `Lighthouse ${version} (performance only) on the production build, web process and collab-server as \`npm start\` runs them, headless Chromium with a fresh profile per load (cold cache); mobile is Lighthouse's default emulation (simulated slow 4G, 4× CPU slowdown), desktop its desktop preset; median of ${RUNS} loads each; signed in by session cookie; the machine's two cores are shared by the browser, the servers and PostgreSQL.`,
          rows: [],
          table: { columns: ["page", "form factor", "score", "LCP ms", "FCP ms", "TBT ms", "JS KB", "total KB", "requests"], rows },
          notes: [
            ...notes,
            ...(retried.length ? [`Loads tried again after a broken trace recording: ${retried.join(", ")}.`] : []),
            `Lighthouse's CPU benchmark index over the loads: median ${median(speed).toFixed(0)}, ${Math.min(...speed).toFixed(0)}–${Math.max(...speed).toFixed(0)}.`,
            "JS KB and total KB are bytes transferred (compressed). Full reports of the last load of each: bench/results/lighthouse/.",
          ],
        },
      ];
    } finally {
      await stopServer(web);
    }
  } finally {
    await stopServer(collab);
  }
}
