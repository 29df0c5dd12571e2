"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Command } from "cmdk";
import { Building2, Handshake, Search, User, UserPlus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useTRPC, type RouterOutputs } from "@/trpc/react";
import { useDebounced } from "../records/use-debounced";

type Hit = RouterOutputs["search"]["global"][number];

const groups = [
  { type: "company", heading: "Companies", icon: Building2, href: (id: string) => `/companies/${id}` },
  { type: "contact", heading: "Contacts", icon: User, href: (id: string) => `/contacts/${id}` },
  { type: "deal", heading: "Deals", icon: Handshake, href: (id: string) => `/deals/${id}` },
  { type: "lead", heading: "Leads", icon: UserPlus, href: (id: string) => `/leads/${id}` },
] as const;

/**
 * Global search: Cmd/Ctrl+K anywhere, or the search button. Results come ranked from the server
 * (prefix and typo tolerant); arrow keys move, Enter opens, Escape closes.
 */
export function CommandPalette() {
  const trpc = useTRPC();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState("");
  const term = useDebounced(q.trim(), 120);
  const results = useQuery({
    ...trpc.search.global.queryOptions({ q: term, limit: 20 }),
    enabled: open && term.length > 0,
    placeholderData: keepPreviousData,
  });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() === "k" && (e.metaKey || e.ctrlKey)) {
        e.preventDefault();
        setOpen((o) => !o);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const hits: Hit[] = term ? (results.data ?? []) : [];
  // The highlighted result: the person's choice while it is still listed, otherwise the first one,
  // so that Enter always opens what is shown at the top of new results.
  const [choice, setChoice] = useState("");
  const values = groups.flatMap((g) => hits.filter((h) => h.type === g.type).map((h) => `${h.type}:${h.id}`));
  const selected = values.includes(choice) ? choice : (values[0] ?? "");
  const go = (href: string) => {
    setOpen(false);
    setQ("");
    router.push(href);
  };

  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="flex h-9 items-center gap-2 rounded-md border border-zinc-300 px-2 text-sm text-muted hover:bg-zinc-50 sm:w-56 sm:px-3 dark:border-zinc-700 dark:hover:bg-zinc-900"
        aria-label="Search (Ctrl+K)"
      >
        <Search className="size-4" aria-hidden />
        <span className="hidden sm:inline">Search…</span>
        <kbd className="ml-auto hidden rounded border border-zinc-300 px-1.5 text-xs sm:inline dark:border-zinc-700">Ctrl K</kbd>
      </button>
      <Command.Dialog
        open={open}
        onOpenChange={setOpen}
        label="Search"
        shouldFilter={false}
        value={selected}
        onValueChange={setChoice}
        overlayClassName="fixed inset-0 z-40 bg-black/40"
        contentClassName="fixed top-[12vh] left-1/2 z-50 w-[calc(100vw-2rem)] max-w-xl -translate-x-1/2 overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-2xl dark:border-zinc-800 dark:bg-zinc-900"
      >
        <div className="flex items-center gap-2 border-b border-zinc-200 px-3 dark:border-zinc-800">
          <Search className="size-4 text-muted" aria-hidden />
          <Command.Input
            value={q}
            onValueChange={(v) => {
              setQ(v);
              setChoice("");
            }}
            placeholder="Search companies, contacts, deals and leads…"
            className="h-12 flex-1 bg-transparent text-sm outline-none placeholder:text-zinc-400"
          />
        </div>
        <Command.List className="max-h-[60vh] overflow-y-auto p-2">
          {term && !results.isFetching && hits.length === 0 ? (
            <Command.Empty className="px-3 py-6 text-center text-sm text-muted">Nothing matches “{term}”.</Command.Empty>
          ) : null}
          {!term ? <p className="px-3 py-6 text-center text-sm text-muted">Type a name, an email, a domain or a deal title.</p> : null}
          {groups.map((g) => {
            const items = hits.filter((h) => h.type === g.type);
            if (items.length === 0) return null;
            return (
              <Command.Group key={g.type} heading={g.heading} className="mb-2 text-xs font-medium text-muted [&_[cmdk-group-heading]]:px-3 [&_[cmdk-group-heading]]:py-1">
                {items.map((h) => (
                  <Command.Item
                    key={h.id}
                    value={`${h.type}:${h.id}`}
                    onSelect={() => go(g.href(h.id))}
                    className="flex cursor-pointer items-center gap-3 rounded-md px-3 py-2 text-sm text-zinc-900 data-[selected=true]:bg-brand-50 dark:text-zinc-100 dark:data-[selected=true]:bg-brand-500/20"
                  >
                    <g.icon className="size-4 shrink-0 text-muted" aria-hidden />
                    <span className="min-w-0 flex-1 truncate">{h.title}</span>
                    {h.subtitle ? <span className="shrink-0 truncate text-xs text-muted">{h.subtitle}</span> : null}
                  </Command.Item>
                ))}
              </Command.Group>
            );
          })}
        </Command.List>
      </Command.Dialog>
    </>
  );
}
