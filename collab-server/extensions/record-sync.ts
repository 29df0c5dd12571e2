import type {
  afterUnloadDocumentPayload,
  Document,
  Extension,
  onLoadDocumentPayload,
  onStoreDocumentPayload,
} from "@hocuspocus/server";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import * as Y from "yjs";
import { inWorkspace, type Db } from "@/server/db/client";
import { docTables } from "@/server/db/record-tables";
import { documentUpdates } from "@/server/db/schema";
import type { WorkspaceCtx } from "@/server/domain/context";
import { fieldsOfDoc, readBase, readRecordValues, writeBase, writeDocEdits, type RefusedField, type Values } from "@/server/domain/record-docs/record-values";
import { findMembership } from "@/server/domain/workspaces/memberships";
import { announceNoteMentions } from "@/server/domain/comments/comments";
import type { Logger } from "@/server/observability/logger";
import { changeHub, type RecordChange } from "@/server/realtime/record-changes";
import { isRecordDoc, NOTE_FIELD, parseDocName, type RecordDocKind } from "@/shared/doc-names";
import { can, type Role } from "@/shared/permissions";
import {
  ensureDocField,
  FIELDS,
  readDocValue,
  recordWho,
  sameValue,
  writeDocValue,
  type DocField,
  type FieldValue,
  type RefusedEdit,
} from "@/shared/record-doc";
import type { CollabContext } from "../context";
import { releaseFailedLoad, type UpdateLog } from "./persistence";

interface Editor {
  userId: string;
  role: Role;
}

interface DocState {
  name: string;
  kind: RecordDocKind;
  id: string;
  workspaceId: string;
  document: Document;
  /** Fields changed by this server's connections since they were last written to the row, and by whom. */
  dirty: Map<string, Editor>;
  timer: NodeJS.Timeout | null;
  firstDirtyAt: number;
  /** Reconciliations of one document run one after another. */
  queue: Promise<void>;
  /** The row's updated_at at the last reconciliation: a notification for an unchanged row is skipped. */
  rowUpdatedAt: string | null;
  fields: DocField[];
  /** Who last edited the note through this server, until its mentions are announced. */
  noteEditor: Editor | null;
  /** Who the note mentions as of its last check: only someone not among them is announced. */
  mentioned: Set<string>;
  /** Refused text whose author is still in the field, by field: taken back once they leave it. */
  waiting: Map<string, string>;
}

/** Who made a change through one of this server's connections; null for any other origin. */
function editorOf(transaction: Y.Transaction): Editor | null {
  const origin = transaction.origin as { source?: string; connection?: { context?: CollabContext } } | null;
  const context = origin?.source === "connection" ? origin.connection?.context : undefined;
  return context ? { userId: context.userId, role: context.role } : null;
}

/** The origin of the changes this extension makes: not an edit to write back, but stored and sent on. */
const SYNC_ORIGIN = { source: "local" as const, context: { recordSync: true } };

export interface RecordSyncOptions {
  db: Db;
  log: Logger;
  /** The collab-server's one update log (group commit, in order). */
  updateLog: UpdateLog;
  /** Quiet time after the last keystroke before edits go to the row. */
  writeDelay?: number;
  /** Longest time an edit waits while someone keeps typing. */
  maxWriteDelay?: number;
}

/**
 * Keeps each record's document and its row in step, both ways:
 *
 * - an edit in the document (a field changed by a connection of this server) is written into the
 *   row shortly after the typing stops, through the record's update function — with its
 *   validation, timeline entry and jobs, as its author; a refused value is taken back out of the
 *   document (once nobody is still typing in that field) and its author told why;
 * - a write made elsewhere (tRPC, REST, the board, an import, a job) reaches this server as a
 *   `record_changes` notification and is applied to the document, so every open browser sees it.
 *
 * Which side changed is told against the base: the values row and document last agreed on,
 * stored with the row in one transaction. A field whose row differs from the base was written
 * elsewhere (the row wins); a field whose document differs was edited live (it goes to the row).
 */
export class RecordSyncExtension implements Extension {
  priority = 50; // after persistence has loaded the stored state
  private readonly docs = new Map<string, DocState>();
  private readonly writeDelay: number;
  private readonly maxWriteDelay: number;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly deps: RecordSyncOptions) {
    this.writeDelay = deps.writeDelay ?? 300;
    this.maxWriteDelay = deps.maxWriteDelay ?? 1500;
  }

  async onListen() {
    await this.listen();
  }

  private async listen() {
    if (this.unsubscribe) return;
    const hub = changeHub(this.deps.db);
    this.unsubscribe = hub.subscribe((change) => void this.onRecordChange(change));
    await hub.start();
  }

  async onLoadDocument({ documentName, document, context }: onLoadDocumentPayload<CollabContext>) {
    const ref = parseDocName(documentName);
    if (!ref || !isRecordDoc(ref)) return; // shared documents have no row to keep in step
    await this.listen();
    const state: DocState = {
      name: documentName,
      kind: ref.kind,
      id: ref.id,
      workspaceId: context.workspaceId,
      document,
      dirty: new Map(),
      timer: null,
      firstDirtyAt: 0,
      queue: Promise.resolve(),
      rowUpdatedAt: null,
      fields: [],
      noteEditor: null,
      mentioned: new Set(),
      waiting: new Map(),
    };
    this.docs.set(documentName, state);
    // Mentions already in the note were announced when they were written.
    state.mentioned = new Set(this.noteMentions(state).map((m) => m.userId));
    // Someone leaving a field (or the page) may release refused text they were typing.
    document.awareness.on("change", () => this.onAwareness(state));
    document.getMap(FIELDS).observeDeep((events, transaction) => this.onFieldsChanged(state, events, transaction));
    document.getXmlFragment(NOTE_FIELD).observeDeep((_events, transaction) => this.onNoteChanged(state, transaction));
    // Before anyone syncs: the fields exist, hold the row's values, and edits the log holds but
    // the row lacks (a crash before they were written) are written now.
    try {
      await this.reconcile(state, { recover: true });
    } catch (error) {
      this.docs.delete(documentName); // the document is not opened: nothing of it may stay
      releaseFailedLoad(document);
      throw error;
    }
  }

  async onStoreDocument({ documentName }: onStoreDocumentPayload) {
    const state = this.docs.get(documentName);
    if (state && (state.dirty.size || state.noteEditor)) await this.flush(state);
  }

  async afterUnloadDocument({ documentName }: afterUnloadDocumentPayload) {
    const state = this.docs.get(documentName);
    if (state?.timer) clearTimeout(state.timer);
    this.docs.delete(documentName);
  }

  async onDestroy() {
    this.unsubscribe?.();
    this.unsubscribe = null;
    await Promise.all([...this.docs.values()].map((s) => (s.dirty.size ? this.flush(s) : s.queue)));
  }

  /** How many record documents this server holds; for the soak test and metrics. */
  get loaded() {
    return this.docs.size;
  }

  private onFieldsChanged(state: DocState, events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) {
    const editor = editorOf(transaction);
    if (!editor) return;
    for (const event of events) {
      const keys = event.path.length ? [String(event.path[0])] : [...(event as Y.YMapEvent<unknown>).keysChanged];
      for (const key of keys) state.dirty.set(key, editor);
    }
    this.schedule(state);
  }

  private onNoteChanged(state: DocState, transaction: Y.Transaction) {
    const editor = editorOf(transaction);
    if (!editor) return;
    state.noteEditor = editor;
    this.schedule(state);
  }

  /** The mention nodes of the note, each with its Yjs item id. */
  private noteMentions(state: DocState): { key: string; userId: string }[] {
    const mentions: { key: string; userId: string }[] = [];
    const walk = (node: Y.XmlFragment | Y.XmlElement) => {
      for (const child of node.toArray()) {
        if (!(child instanceof Y.XmlElement)) continue;
        if (child.nodeName === "mention") {
          const userId = child.getAttribute("id");
          const item = child._item;
          if (typeof userId === "string" && item && /^[0-9a-f-]{36}$/.test(userId)) mentions.push({ key: `${item.id.client}:${item.id.clock}`, userId });
        } else walk(child);
      }
    };
    walk(state.document.getXmlFragment(NOTE_FIELD));
    return mentions;
  }

  /**
   * Tells the people newly mentioned in the note. Who counts as new is decided by person, not by
   * mention node: splitting a paragraph or moving text re-creates its nodes, and must not
   * notify again; someone whose mentions were all removed and who is mentioned again is told.
   */
  private async announceMentions(state: DocState, editor: Editor) {
    // A task has no rich-text note (its notes are a field): nothing to announce.
    const kind = state.kind;
    if (kind === "task") return;
    const mentions = this.noteMentions(state);
    const fresh = [...new Map(mentions.filter((m) => !state.mentioned.has(m.userId)).map((m) => [m.userId, m])).values()];
    if (fresh.length) {
      await this.deps.db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('app.workspace_id', ${state.workspaceId}, true), set_config('app.sees_private', 'on', true)`);
        const ctx: WorkspaceCtx = { db: tx, workspaceId: state.workspaceId, userId: editor.userId, role: editor.role };
        await announceNoteMentions(ctx, kind, state.id, state.name, fresh);
      });
    }
    state.mentioned = new Set(mentions.map((m) => m.userId));
  }

  private onAwareness(state: DocState) {
    if (!state.waiting.size || !this.docs.has(state.name)) return;
    const editing = this.editorsByField(state.document);
    let released = false;
    for (const [key, userId] of state.waiting) {
      if (editing.get(key)?.has(userId)) continue;
      state.waiting.delete(key);
      released = true;
    }
    if (released) this.schedule(state, 0);
  }

  private schedule(state: DocState, delay = this.writeDelay) {
    const now = Date.now();
    if (!state.timer) state.firstDirtyAt = now;
    else clearTimeout(state.timer);
    const wait = Math.max(0, Math.min(delay, state.firstDirtyAt + this.maxWriteDelay - now));
    state.timer = setTimeout(() => void this.flush(state), wait);
  }

  private flush(state: DocState) {
    if (state.timer) clearTimeout(state.timer);
    state.timer = null;
    return this.reconcile(state, {});
  }

  private async onRecordChange(change: RecordChange) {
    const states = [...this.docs.values()].filter((s) => s.workspaceId === change.workspaceId && s.kind === change.type);
    if (!states.length) return;
    const table = docTables[change.type as RecordDocKind];
    try {
      const rows = await inWorkspace(this.deps.db, change.workspaceId, (tx) =>
        tx
          .select({ id: table.id, updatedAt: table.updatedAt, deletedAt: "deletedAt" in table ? table.deletedAt : sql<null>`null` })
          .from(table)
          .where(and(eq(table.workspaceId, change.workspaceId), inArray(table.id, states.map((s) => s.id)))),
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const state of states) {
        const row = byId.get(state.id);
        if (!row || row.deletedAt) continue; // gone to the trash: nothing to show
        if (row.updatedAt.toISOString() !== state.rowUpdatedAt) await this.reconcile(state, {});
      }
    } catch (error) {
      this.deps.log.error({ err: error }, "could not apply record changes to open documents");
    }
  }

  private reconcile(state: DocState, opts: { recover?: boolean }): Promise<void> {
    const run = state.queue.then(() => this.reconcileNow(state, opts));
    state.queue = run.catch((error: unknown) => {
      this.deps.log.error({ err: error, documentName: state.name }, "could not reconcile a record document with its row");
    });
    return opts.recover ? run : state.queue;
  }

  private async reconcileNow(state: DocState, opts: { recover?: boolean }) {
    const dirty = new Map(state.dirty);
    state.dirty.clear();
    for (const key of dirty.keys()) state.waiting.delete(key);
    const noteEditor = state.noteEditor;
    state.noteEditor = null;
    try {
      await this.reconcileTaken(state, opts, dirty, noteEditor);
    } catch (error) {
      // Nothing taken is lost: the edits go back to wait (newer ones keep their editor) and are
      // tried again shortly.
      for (const [key, editor] of dirty) if (!state.dirty.has(key)) state.dirty.set(key, editor);
      state.noteEditor ??= noteEditor;
      if ((state.dirty.size || state.noteEditor) && !state.timer && this.docs.has(state.name)) this.schedule(state, 2000);
      throw error;
    }
  }

  private async reconcileTaken(state: DocState, opts: { recover?: boolean }, dirty: Map<string, Editor>, noteEditor: Editor | null) {
    const { document } = state;
    const fieldsMap = document.getMap<unknown>(FIELDS);
    if (noteEditor) await this.announceMentions(state, noteEditor);
    const refusedAll: { field: RefusedField; editor: Editor }[] = [];
    const written = new Map<string, FieldValue>();

    const outcome = await this.deps.db.transaction(async (tx) => {
      // The server's own write (the editors were authorised on connecting): it sees the record even when private.
      await tx.execute(sql`select set_config('app.workspace_id', ${state.workspaceId}, true), set_config('app.sees_private', 'on', true)`);
      const system: WorkspaceCtx = { db: tx, workspaceId: state.workspaceId, userId: "", role: "owner" };
      const fields = await fieldsOfDoc(system, state.kind);
      const row = await readRecordValues(system, state.kind, state.id, fields, true);
      if (!row) return null;
      const base = await readBase(system, state.name);
      const docValues: Values = {};
      for (const f of fields) docValues[f.key] = fieldsMap.has(f.key) ? readDocValue(fieldsMap, f) : null;

      const toDoc: Values = {};
      /** Fields written elsewhere since the document last saw the row (not a first opening). */
      const external = new Set<string>();
      const edits = new Map<string, { editor: Editor; values: Values }>();
      let recovered: Editor | null | undefined;
      for (const f of fields) {
        const r = row.values[f.key] ?? null;
        const d = docValues[f.key] ?? null;
        const b = base ? (base[f.key] ?? null) : undefined;
        if (!fieldsMap.has(f.key) || b === undefined || !sameValue(r, b)) {
          // New field, first opening, or written elsewhere since: the row's value.
          if (!sameValue(r, d) || !fieldsMap.has(f.key)) toDoc[f.key] = r;
          if (b !== undefined && !sameValue(r, b)) external.add(f.key);
          continue;
        }
        if (sameValue(d, r)) continue;
        let editor = dirty.get(f.key);
        if (!editor && opts.recover) {
          // Logged before a crash but never written to the row: its last author writes it now.
          if (recovered === undefined) recovered = await this.lastAuthor(tx, state);
          editor = recovered && can(recovered.role, `${state.kind}.update`) ? recovered : undefined;
        }
        if (!editor) continue; // edited through another server, which writes it
        const key = `${editor.userId}`;
        const group = edits.get(key) ?? { editor, values: {} };
        group.values[f.key] = d;
        edits.set(key, group);
      }

      for (const { editor, values } of edits.values()) {
        const ctx: WorkspaceCtx = { db: tx, workspaceId: state.workspaceId, userId: editor.userId, role: editor.role };
        const result = await writeDocEdits(ctx, state.kind, state.id, fields, row.values, values);
        for (const field of result.refused) refusedAll.push({ field, editor });
        for (const key of result.written) written.set(key, values[key] ?? null);
      }
      const after = written.size ? await readRecordValues(system, state.kind, state.id, fields, false) : row;
      await writeBase(system, state.name, after!.values);
      return { fields, row: after!, before: row, toDoc, external };
    });
    if (!outcome) return;
    state.fields = outcome.fields;
    state.rowUpdatedAt = outcome.row.updatedAt;

    // Take back refused values, except text its author is still typing (an emptied name about to
    // be retyped): that waits until they leave the field (their awareness says so). Other values
    // are entered whole.
    const editing = this.editorsByField(document);
    const reverts: Values = {};
    const messages: { editor: Editor; message: RefusedEdit }[] = [];
    const kinds = new Map(outcome.fields.map((f) => [f.key, f.merge]));
    for (const { field, editor } of refusedAll) {
      if (kinds.get(field.key) === "text" && editing.get(field.key)?.has(editor.userId)) {
        if (!state.dirty.has(field.key)) state.dirty.set(field.key, editor);
        state.waiting.set(field.key, editor.userId);
        continue;
      }
      reverts[field.key] = outcome.row.values[field.key] ?? null;
      messages.push({ editor, message: { type: "refused", field: field.key, label: field.label, message: field.message } });
    }
    // What the row made of written values (a lower-cased email, a trimmed name) shows as stored.
    const normalised: Values = {};
    for (const [key, value] of written) {
      const stored = outcome.row.values[key] ?? null;
      if (!sameValue(stored, value)) normalised[key] = stored;
    }

    const byKey = new Map(outcome.fields.map((f) => [f.key, f]));
    const author = outcome.before.updatedBy;
    const changes: [DocField, FieldValue, "external" | "init" | "revert" | "normalise"][] = [];
    for (const [k, v] of Object.entries(outcome.toDoc)) changes.push([byKey.get(k)!, v, outcome.external.has(k) ? "external" : "init"]);
    for (const [k, v] of Object.entries(reverts)) changes.push([byKey.get(k)!, v, "revert"]);
    for (const [k, v] of Object.entries(normalised)) changes.push([byKey.get(k)!, v, "normalise"]);
    // A field edited again while the row was being written keeps the newer edit (it goes next).
    const apply = changes.filter(([f]) => !state.dirty.has(f.key) || !fieldsMap.has(f.key));
    if (apply.length) {
      const updates: Uint8Array[] = [];
      const capture = (update: Uint8Array, origin: unknown) => origin === SYNC_ORIGIN && updates.push(update);
      document.on("update", capture);
      try {
        document.transact(() => {
          for (const [field, value, why] of apply) {
            if (!fieldsMap.has(field.key)) ensureDocField(fieldsMap, field, value);
            else writeDocValue(fieldsMap, field, value);
            if (why === "external" && author) recordWho(document, field.key, author);
          }
        }, SYNC_ORIGIN);
      } finally {
        document.off("update", capture);
      }
      // Into the update log like any edit, so history shows who changed what from where.
      // Through the same log as the clients' edits, so an edit built on this one is never
      // committed (and acknowledged) before it.
      if (updates.length) {
        await this.deps.updateLog.append({
          workspaceId: state.workspaceId,
          name: state.name,
          update: Y.mergeUpdates(updates),
          userId: apply.some(([, , why]) => why === "external") ? (author?.id ?? null) : null,
        });
      }
    }
    for (const { editor, message } of messages) this.tell(document, editor.userId, message);
    if (state.timer) return;
    if ([...state.dirty.keys()].some((key) => !state.waiting.has(key))) this.schedule(state, 1500);
    // Only refused text its author is typing: their leaving the field brings it back (above);
    // a slow retry in case no awareness change ever comes.
    else if (state.waiting.size) state.timer = setTimeout(() => void this.flush(state), 30_000);
  }

  private async lastAuthor(tx: Parameters<Parameters<Db["transaction"]>[0]>[0], state: DocState): Promise<Editor | null> {
    const [last] = await tx
      .select({ userId: documentUpdates.userId })
      .from(documentUpdates)
      .where(and(eq(documentUpdates.workspaceId, state.workspaceId), eq(documentUpdates.name, state.name), sql`${documentUpdates.userId} is not null`))
      .orderBy(desc(documentUpdates.id))
      .limit(1);
    if (!last?.userId) return null;
    const membership = await findMembership(tx, last.userId, state.workspaceId);
    return membership ? { userId: last.userId, role: membership.role } : null;
  }

  /** Who has their cursor in which field (from their awareness states). */
  private editorsByField(document: Document): Map<string, Set<string>> {
    const fields = new Map<string, Set<string>>();
    document.awareness.getStates().forEach((s) => {
      const { field, user } = s as { field?: unknown; user?: { id?: unknown } };
      if (typeof field !== "string" || typeof user?.id !== "string") return;
      fields.set(field, (fields.get(field) ?? new Set()).add(user.id));
    });
    return fields;
  }

  private tell(document: Document, userId: string, message: RefusedEdit) {
    for (const connection of document.getConnections()) {
      if ((connection.context as CollabContext | undefined)?.userId === userId) connection.sendStateless(JSON.stringify(message));
    }
  }
}
