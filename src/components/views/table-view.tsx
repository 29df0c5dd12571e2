"use client";
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type ColumnSizingState } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { ArrowDown, ArrowUp, Columns3, Download, Filter, ListOrdered, Save, Trash2 } from "lucide-react";
import Link from "next/link";
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { toast } from "sonner";
import { useCan, useWorkspace } from "@/components/shell/workspace-context";
import { Button } from "@/components/ui/button";
import { Card, Empty } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Dialog } from "@/components/ui/dialog";
import type { RecordObject } from "@/shared/permissions";
import { recordLabels } from "@/shared/record-labels";
import { defaultViews, primaryField, type FieldDef, type ViewConfig } from "@/shared/views";
import { errorMessage, useTRPC, useTRPCClient } from "@/trpc/react";
import { useDebounced } from "../records/use-debounced";
import { CellDisplay, cellText, EditableCell, type Values } from "./cells";
import { FilterEditor } from "./filter-editor";
import { ColumnsEditor, SaveViewForm, SortEditor } from "./view-editors";
import { countConditions, sameConfig, sanitizeView, viewQueries } from "./view-state";
import { compactControl } from "@/components/ui/styles";

interface Row {
  id: string;
  values: Values;
}
type Item = { type: "group"; key: string; label: string; count: number | null } | { type: "row"; row: Row };

const ROW_HEIGHT = 41;
const toolbarButton =
  "inline-flex h-9 items-center gap-1.5 rounded-md border border-zinc-300 px-3 text-sm font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800";

const defaultWidth = (f: FieldDef | undefined) =>
  !f ? 160 : f.kind === "checkbox" ? 100 : f.kind === "number" || f.kind === "currency" ? 130 : f.kind === "email" ? 240 : 180;

/** Which update procedure changes a record type's fields. */
const updaters = { company: "companies", contact: "contacts", deal: "deals", lead: "leads" } as const;

const viewListeners = new Set<() => void>();
function subscribeView(listener: () => void) {
  viewListeners.add(listener);
  window.addEventListener("popstate", listener);
  return () => {
    viewListeners.delete(listener);
    window.removeEventListener("popstate", listener);
  };
}
const readView = () => new URLSearchParams(window.location.search).get("view");

/** The saved view on screen, kept in the address (?view=…) so it can be bookmarked and shared. */
function useViewParam(): [string | null, (id: string | null) => void] {
  const id = useSyncExternalStore(subscribeView, readView, () => null);
  return [
    id,
    (next) => {
      const url = new URL(window.location.href);
      if (next) url.searchParams.set("view", next);
      else url.searchParams.delete("view");
      window.history.replaceState(null, "", url);
      for (const l of viewListeners) l();
    },
  ];
}

/**
 * A record type as a table: columns chosen, ordered and sized; AND/OR filters; sorts on several
 * fields; grouping; cells edited in place; saved views. Rows load a page at a time as the list
 * scrolls, and only the rows in sight are drawn, so a million records scroll like fifty.
 */
export function TableView({ object, searchPlaceholder }: { object: RecordObject; searchPlaceholder: string }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const { user } = useWorkspace();
  const canUpdate = useCan(`${object}.update`);
  const canShare = useCan("view.share");
  const isAdmin = useCan("workspace.update");
  const noun = recordLabels[object];
  const primary = primaryField[object];

  const fieldsQuery = useQuery(trpc.records.fields.queryOptions({ object }));
  const members = useQuery(trpc.workspace.members.queryOptions()).data ?? [];
  const savedQuery = useQuery(trpc.views.list.queryOptions({ object }));
  const fields = useMemo(() => fieldsQuery.data ?? [], [fieldsQuery.data]);
  const byKey = useMemo(() => new Map(fields.map((f) => [f.key, f])), [fields]);

  const [viewId, setViewId] = useViewParam();
  const saved = savedQuery.data?.find((v) => v.id === viewId) ?? null;
  // The view as saved (or the default one); fields deleted since are dropped when it is read.
  const baseRaw = saved?.config ?? defaultViews[object];
  const [draft, setDraft] = useState<ViewConfig>(baseRaw);
  const [searchText, setSearchText] = useState(baseRaw.search ?? "");
  // A view chosen (or loaded) replaces what is on screen; fields arriving do not.
  const [shownBase, setShownBase] = useState(baseRaw);
  if (shownBase !== baseRaw) {
    setShownBase(baseRaw);
    setDraft(baseRaw);
    setSearchText(baseRaw.search ?? "");
  }
  const config = useMemo(() => (fields.length ? sanitizeView(draft, fields) : draft), [draft, fields]);
  const baseConfig = useMemo(() => (fields.length ? sanitizeView(baseRaw, fields) : baseRaw), [baseRaw, fields]);
  const setConfig = setDraft;
  const search = useDebounced(searchText.trim());
  const current: ViewConfig = { ...config, search: search || null };
  const dirty = !sameConfig(current, { ...baseConfig, search: baseConfig.search || null });

  const { filter, rows: rowsInput, count: countInput } = viewQueries(object, config, fields, search);
  // A saved view named in the address is waited for: its rows, not the default view's, come first.
  const ready = fields.length > 0 && (viewId === null || savedQuery.isFetched);
  const rowsQuery = useInfiniteQuery(
    trpc.records.query.infiniteQueryOptions(rowsInput, {
      enabled: ready,
      getNextPageParam: (last) => last.nextCursor,
      placeholderData: keepPreviousData,
    }),
  );
  const countQuery = useQuery(trpc.records.count.queryOptions(countInput, { enabled: ready, placeholderData: keepPreviousData }));
  const groupsQuery = useQuery(
    trpc.records.groups.queryOptions({ object, filter, search: search || null, groupBy: config.groupBy ?? "" }, { enabled: ready && !!config.groupBy }),
  );

  // A record changed between two page loads may come twice: it shows once.
  const rows = useMemo(() => {
    const seen = new Set<string>();
    return (rowsQuery.data?.pages.flatMap((p) => p.rows) ?? []).filter((r) => !seen.has(r.id) && seen.add(r.id));
  }, [rowsQuery.data]);
  const items = useMemo<Item[]>(() => {
    if (!config.groupBy) return rows.map((row) => ({ type: "row", row }));
    const field = byKey.get(config.groupBy);
    const counts = new Map((groupsQuery.data ?? []).map((g) => [g.value, g.count]));
    const out: Item[] = [];
    let last: string | undefined;
    for (const row of rows) {
      const raw = row.values[config.groupBy];
      const value = raw === null || raw === undefined ? null : typeof raw === "object" && "id" in raw ? String(raw.id) : String(raw);
      const key = value ?? "∅";
      if (key !== last) {
        const label = field ? cellText(field, raw, row.values) : "";
        out.push({ type: "group", key, label: label || "No value", count: counts.get(value) ?? null });
        last = key;
      }
      out.push({ type: "row", row });
    }
    return out;
  }, [rows, config.groupBy, byKey, groupsQuery.data]);

  const invalidate = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.records.query.infiniteQueryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.records.count.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.records.groups.queryKey() }),
    ]);

  async function saveCell(row: Row, field: FieldDef, value: unknown) {
    try {
      if (object === "deal" && field.key === "stage") {
        await client.deals.move.mutate({ id: row.id, stageId: String(value) });
      } else {
        const patch = field.custom ? { custom: { [field.key.slice("custom.".length)]: value } } : { [field.key]: value };
        await (client[updaters[object]].update.mutate as (input: unknown) => Promise<unknown>)({ id: row.id, ...patch });
      }
      toast.success(`${field.label} saved`);
      await invalidate();
    } catch (error) {
      toast.error(errorMessage(error));
    }
  }

  const columns = useMemo<ColumnDef<Row>[]>(
    () =>
      [{ field: primary }, ...config.columns.filter((c) => c.field !== primary)]
        .filter((c) => byKey.has(c.field))
        .map((c) => {
          const field = byKey.get(c.field)!;
          return {
            id: c.field,
            header: field.label,
            size: config.columns.find((x) => x.field === c.field)?.width ?? (c.field === primary ? 240 : defaultWidth(field)),
            minSize: 60,
            maxSize: 800,
            cell: ({ row }) => {
              const values = row.original.values;
              const value = values[c.field];
              const name = cellText(byKey.get(primary)!, values[primary], values) || "Untitled";
              if (c.field === primary) {
                // Links to records in lists are not prefetched: a page of 50 rows would ask the
                // server for 50 pages (each rendering the app's layout) that are mostly never opened.
                return (
                  <Link prefetch={false} href={`${noun.path}/${row.original.id}`} className="font-medium hover:underline">
                    {name}
                  </Link>
                );
              }
              if (canUpdate && field.editable) {
                return <EditableCell field={field} value={value} row={values} recordName={name} onSave={(v) => saveCell(row.original, field, v)} />;
              }
              return <CellDisplay field={field} value={value} row={values} />;
            },
          } satisfies ColumnDef<Row>;
        }),
    // saveCell only closes over stable values.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [config.columns, byKey, primary, canUpdate, noun.path],
  );
  const columnSizing = useMemo<ColumnSizingState>(
    () => Object.fromEntries(config.columns.filter((c) => c.width).map((c) => [c.field, c.width!])),
    [config.columns],
  );
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Table's functions are not memoised, as documented.
  const table = useReactTable({
    data: rows,
    columns,
    getRowId: (r) => r.id,
    getCoreRowModel: getCoreRowModel(),
    columnResizeMode: "onChange",
    state: { columnSizing },
    onColumnSizingChange: (updater) => {
      const next = typeof updater === "function" ? updater(columnSizing) : updater;
      setConfig((c) => ({
        ...c,
        columns: withPrimary(c.columns, primary).map((col) => (next[col.field] ? { ...col, width: Math.round(next[col.field]!) } : col)),
      }));
    },
  });
  const rowModel = table.getRowModel().rowsById;

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: items.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const virtualItems = virtualizer.getVirtualItems();
  const lastIndex = virtualItems.at(-1)?.index ?? 0;
  useEffect(() => {
    if (lastIndex >= items.length - 30 && rowsQuery.hasNextPage && !rowsQuery.isFetchingNextPage) void rowsQuery.fetchNextPage();
  }, [lastIndex, items.length, rowsQuery]);

  const [dialog, setDialog] = useState<null | "filter" | "sort" | "columns" | "save">(null);
  const createView = useMutation(
    trpc.views.create.mutationOptions({
      onSuccess: async (view) => {
        await queryClient.invalidateQueries({ queryKey: trpc.views.list.queryKey({ object }) });
        setViewId(view.id);
        setDialog(null);
        toast.success(`View “${view.name}” saved`);
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const updateView = useMutation(
    trpc.views.update.mutationOptions({
      onSuccess: async (view) => {
        await queryClient.invalidateQueries({ queryKey: trpc.views.list.queryKey({ object }) });
        toast.success(`View “${view.name}” updated`);
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const deleteView = useMutation(
    trpc.views.delete.mutationOptions({
      onSuccess: async () => {
        setViewId(null);
        await queryClient.invalidateQueries({ queryKey: trpc.views.list.queryKey({ object }) });
        toast.success("View deleted");
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const mayEditSaved = !!saved && (saved.ownerId === user.id || isAdmin);

  const total = countQuery.data?.count;
  const exportHref = `/api/export${noun.path}.csv?view=${encodeView({ ...current, filter }, primary)}`;
  const sortLabel = (key: string) => byKey.get(key)?.label ?? key;
  const toggleSort = (key: string) => {
    const now = config.sorts[0]?.field === key ? config.sorts[0].direction : null;
    setConfig({ ...config, sorts: now === "asc" ? [{ field: key, direction: "desc" }] : now === "desc" ? [] : [{ field: key, direction: "asc" }] });
  };

  return (
    <section aria-label={`${noun.plural} view`}>
      <div className="mb-3 flex flex-wrap items-end gap-2">
        <div className="flex flex-col gap-1 text-sm font-medium">
          <label htmlFor={`${object}-view`}>View</label>
          <select id={`${object}-view`} className={compactControl} value={viewId ?? ""} onChange={(e) => setViewId(e.target.value || null)}>
            <option value="">All {noun.plural.toLowerCase()}</option>
            {savedQuery.data?.map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
                {v.shared ? " (shared)" : ""}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1 text-sm font-medium" role="search">
          <label htmlFor={`${object}-search`}>Search {noun.plural.toLowerCase()}</label>
          <input
            id={`${object}-search`}
            type="search"
            className={cn(compactControl, "w-56")}
            placeholder={searchPlaceholder}
            maxLength={200}
            autoComplete="off"
            value={searchText}
            onChange={(e) => setSearchText(e.target.value)}
          />
        </div>
        <Dialog
          open={dialog === "filter"}
          onOpenChange={(o) => setDialog(o ? "filter" : null)}
          title={`Filter ${noun.plural.toLowerCase()}`}
          wide
          trigger={
            <button type="button" className={toolbarButton} disabled={!ready}>
              <Filter className="size-4" aria-hidden /> Filter{countConditions(config.filter) ? ` (${countConditions(config.filter)})` : ""}
            </button>
          }
        >
          <FilterEditor
            fields={fields}
            members={members}
            value={config.filter}
            onApply={(f) => {
              setConfig({ ...config, filter: f });
              setDialog(null);
            }}
          />
        </Dialog>
        <Dialog
          open={dialog === "sort"}
          onOpenChange={(o) => setDialog(o ? "sort" : null)}
          title={`Sort ${noun.plural.toLowerCase()}`}
          trigger={
            <button type="button" className={toolbarButton} disabled={!ready}>
              <ListOrdered className="size-4" aria-hidden /> Sort{config.sorts.length ? ` (${config.sorts.length})` : ""}
            </button>
          }
        >
          <SortEditor
            fields={fields}
            value={config.sorts}
            onApply={(sorts) => {
              setConfig({ ...config, sorts });
              setDialog(null);
            }}
          />
        </Dialog>
        <div className="hidden flex-col gap-1 text-sm font-medium md:flex">
          <label htmlFor={`${object}-group`}>Group by</label>
          <select id={`${object}-group`} className={compactControl} value={config.groupBy ?? ""} onChange={(e) => setConfig({ ...config, groupBy: e.target.value || null })}>
            <option value="">No grouping</option>
            {fields
              .filter((f) => f.groupable)
              .map((f) => (
                <option key={f.key} value={f.key}>
                  {f.label}
                </option>
              ))}
          </select>
        </div>
        <Dialog
          open={dialog === "columns"}
          onOpenChange={(o) => setDialog(o ? "columns" : null)}
          title="Columns"
          trigger={
            <button type="button" className={cn(toolbarButton, "hidden md:inline-flex")} disabled={!ready}>
              <Columns3 className="size-4" aria-hidden /> Columns
            </button>
          }
        >
          <ColumnsEditor fields={fields} primary={primary} value={withPrimary(config.columns, primary)} onChange={(columns) => setConfig({ ...config, columns })} />
        </Dialog>
        <div className="ml-auto flex flex-wrap items-center gap-2">
          {saved && mayEditSaved && dirty ? (
            <Button size="sm" variant="secondary" onClick={() => updateView.mutate({ id: saved.id, config: current })} disabled={updateView.isPending}>
              <Save className="size-4" aria-hidden /> Save changes to “{saved.name}”
            </Button>
          ) : null}
          <Dialog
            open={dialog === "save"}
            onOpenChange={(o) => setDialog(o ? "save" : null)}
            title="Save view"
            trigger={
              <Button size="sm" variant="secondary" disabled={!ready}>
                <Save className="size-4" aria-hidden /> Save as new view
              </Button>
            }
          >
            <SaveViewForm canShare={canShare} pending={createView.isPending} onSave={(v) => createView.mutate({ object, ...v, config: current })} />
          </Dialog>
          {saved && mayEditSaved ? (
            <Button
              size="sm"
              variant="ghost"
              aria-label={`Delete view “${saved.name}”`}
              onClick={() => {
                if (window.confirm(`Delete the view “${saved.name}”? Records are not affected.`)) deleteView.mutate({ id: saved.id });
              }}
            >
              <Trash2 className="size-4" aria-hidden />
            </Button>
          ) : null}
          <a href={exportHref} download className={toolbarButton}>
            <Download className="size-4" aria-hidden /> Export CSV
          </a>
        </div>
      </div>
      <p className="mb-2 text-sm text-muted" aria-live="polite">
        <span>{total === undefined ? "\u00a0" : `${total.toLocaleString("en-US")} ${total === 1 ? noun.singular.toLowerCase() : noun.plural.toLowerCase()}`}</span>
        {config.sorts.length ? ` · sorted by ${config.sorts.map((s) => `${sortLabel(s.field)} ${s.direction === "asc" ? "↑" : "↓"}`).join(", ")}` : ""}
      </p>

      {rowsQuery.error || fieldsQuery.error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {errorMessage(rowsQuery.error ?? fieldsQuery.error)}
        </p>
      ) : !ready || rowsQuery.isLoading ? (
        <p className="text-sm text-muted">Loading {noun.plural.toLowerCase()}…</p>
      ) : rows.length === 0 ? (
        <Empty>
          {filter || search ? `No ${noun.plural.toLowerCase()} match this view.` : `No ${noun.plural.toLowerCase()} yet. Add the first one, or import a file.`}
        </Empty>
      ) : (
        <>
          {/* Phones: cards of the same rows. */}
          <ul className="space-y-3 md:hidden" aria-label={noun.plural}>
            {rows.map((row) => {
              const secondary = config.columns.filter((c) => c.field !== primary).slice(0, 3);
              return (
                <li key={row.id}>
                  <Link prefetch={false} href={`${noun.path}/${row.id}`} className="block">
                    <Card className="p-4">
                      <span className="block font-medium break-words">{cellText(byKey.get(primary)!, row.values[primary], row.values) || "Untitled"}</span>
                      <span className="mt-1 flex flex-wrap gap-x-2 text-sm text-muted">
                        {secondary
                          .map((c) => (byKey.get(c.field) ? cellText(byKey.get(c.field)!, row.values[c.field], row.values) : ""))
                          .filter(Boolean)
                          .map((t, i) => (
                            <span key={i} className="break-words">
                              {i > 0 ? <span aria-hidden className="mr-2">·</span> : null}
                              {t}
                            </span>
                          ))}
                      </span>
                    </Card>
                  </Link>
                </li>
              );
            })}
            {rowsQuery.hasNextPage ? (
              <li>
                <Button variant="secondary" className="w-full" onClick={() => void rowsQuery.fetchNextPage()} disabled={rowsQuery.isFetchingNextPage}>
                  {rowsQuery.isFetchingNextPage ? "Loading…" : "Show more"}
                </Button>
              </li>
            ) : null}
          </ul>

          <Card className="hidden md:block">
            <div ref={scrollRef} className="h-[calc(100vh-17rem)] min-h-80 overflow-auto" tabIndex={-1}>
              <table className="table-fixed border-separate border-spacing-0 text-left text-sm" style={{ width: table.getTotalSize() }} aria-label={noun.plural} aria-rowcount={total === undefined ? undefined : total + 1}>
                <thead className="sticky top-0 z-10 bg-white text-xs text-muted uppercase dark:bg-zinc-900">
                  {table.getHeaderGroups().map((hg) => (
                    <tr key={hg.id}>
                      {hg.headers.map((header) => {
                        const field = byKey.get(header.column.id);
                        const sorted = config.sorts.find((s) => s.field === header.column.id)?.direction;
                        return (
                          <th
                            key={header.id}
                            scope="col"
                            style={{ width: header.getSize() }}
                            aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                            className="relative border-b border-zinc-200 px-3 py-2.5 font-medium dark:border-zinc-800"
                          >
                            {field?.sortable ? (
                              <button type="button" className="inline-flex max-w-full items-center gap-1 truncate uppercase hover:text-zinc-900 dark:hover:text-zinc-100" onClick={() => toggleSort(header.column.id)}>
                                {flexRender(header.column.columnDef.header, header.getContext())}
                                {sorted === "asc" ? <ArrowUp className="size-3" aria-hidden /> : sorted === "desc" ? <ArrowDown className="size-3" aria-hidden /> : null}
                              </button>
                            ) : (
                              <span className="truncate">{flexRender(header.column.columnDef.header, header.getContext())}</span>
                            )}
                            <div
                              role="separator"
                              aria-orientation="vertical"
                              aria-label={`Resize ${field?.label ?? header.column.id} column`}
                              aria-valuenow={header.getSize()}
                              aria-valuemin={60}
                              aria-valuemax={800}
                              tabIndex={0}
                              onMouseDown={header.getResizeHandler()}
                              onTouchStart={header.getResizeHandler()}
                              onKeyDown={(e) => {
                                if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
                                e.preventDefault();
                                const width = Math.min(800, Math.max(60, header.getSize() + (e.key === "ArrowRight" ? 20 : -20)));
                                table.setColumnSizing((s) => ({ ...s, [header.column.id]: width }));
                              }}
                              className={cn(
                                "absolute top-0 right-0 h-full w-1.5 cursor-col-resize touch-none select-none hover:bg-brand-500 focus-visible:bg-brand-500 focus-visible:outline-none",
                                header.column.getIsResizing() && "bg-brand-500",
                              )}
                            />
                          </th>
                        );
                      })}
                    </tr>
                  ))}
                </thead>
                <tbody>
                  {virtualItems.length > 0 ? (
                    <tr aria-hidden style={{ height: virtualItems[0]!.start }}>
                      <td colSpan={columns.length} />
                    </tr>
                  ) : null}
                  {virtualItems.map((vi) => {
                    const item = items[vi.index]!;
                    if (item.type === "group") {
                      return (
                        <tr key={`g-${vi.index}-${item.key}`} style={{ height: ROW_HEIGHT }} className="bg-zinc-50 dark:bg-zinc-800/60">
                          <th scope="colgroup" colSpan={columns.length} className="border-b border-zinc-200 px-3 text-left text-sm font-semibold dark:border-zinc-800">
                            {item.label}
                            {item.count !== null ? <span className="ml-2 font-normal text-muted">{item.count.toLocaleString("en-US")}</span> : null}
                          </th>
                        </tr>
                      );
                    }
                    const row = rowModel[item.row.id];
                    if (!row) return null;
                    return (
                      <tr key={row.id} style={{ height: ROW_HEIGHT }} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/50">
                        {row.getVisibleCells().map((cell) => (
                          <td key={cell.id} style={{ width: cell.column.getSize() }} className="truncate border-b border-zinc-100 px-3 dark:border-zinc-800">
                            {flexRender(cell.column.columnDef.cell, cell.getContext())}
                          </td>
                        ))}
                      </tr>
                    );
                  })}
                  {virtualItems.length > 0 ? (
                    <tr aria-hidden style={{ height: virtualizer.getTotalSize() - virtualItems.at(-1)!.end }}>
                      <td colSpan={columns.length} />
                    </tr>
                  ) : null}
                </tbody>
              </table>
              {rowsQuery.isFetchingNextPage ? <p className="p-3 text-sm text-muted">Loading more…</p> : null}
            </div>
          </Card>
        </>
      )}
    </section>
  );
}

/** The columns with the primary one first, as a view stores them. */
function withPrimary(columns: ViewConfig["columns"], primary: string): ViewConfig["columns"] {
  const p = columns.find((c) => c.field === primary) ?? { field: primary };
  return [p, ...columns.filter((c) => c.field !== primary)];
}

/** A view for the export link: what it filters, how it sorts, which columns. */
function encodeView(config: ViewConfig, primary: string) {
  const json = JSON.stringify({ filter: config.filter, sorts: config.sorts, search: config.search, columns: withPrimary(config.columns, primary).map((c) => c.field) });
  const bytes = new TextEncoder().encode(json);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
