"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Bell, BellOff, CheckCircle2, MessageSquare, RotateCcw } from "lucide-react";
import { useId, useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { useCan, useWorkspace } from "@/components/shell/workspace-context";
import { bodyParts } from "@/shared/mentions";
import type { ApiObject } from "@/shared/permissions";
import { errorMessage, useTRPC, type RouterOutputs } from "@/trpc/react";
import { when } from "../records/format";

type Thread = RouterOutputs["comments"]["list"][number];
type Comment = Omit<Thread, "replies">;
type Member = { userId: string; name: string };

/**
 * A comment box with @mentions: typing "@" and a few letters offers the workspace's people; a
 * chosen person shows as "@Name" and is sent as a mention of exactly them.
 */
function Composer({ label, placeholder, onSend, initial = "", onCancel }: { label: string; placeholder: string; onSend: (body: string) => Promise<unknown>; initial?: string; onCancel?: () => void }) {
  const trpc = useTRPC();
  const members = useQuery(trpc.workspace.members.queryOptions()).data ?? [];
  const id = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState(() => initial.replace(/@\[([^\]]+)\]\([0-9a-f-]{36}\)/g, "@$1"));
  const [chosen, setChosen] = useState<Member[]>(() => [...initial.matchAll(/@\[([^\]]+)\]\(([0-9a-f-]{36})\)/g)].map((m) => ({ name: m[1]!, userId: m[2]! })));
  const [query, setQuery] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const matches = query === null ? [] : members.filter((m) => m.name.toLowerCase().includes(query.toLowerCase())).slice(0, 6);

  const onChange = (value: string, caret: number) => {
    setText(value);
    const before = value.slice(0, caret);
    const at = /(^|\s)@([^\s@]{0,30})$/.exec(before);
    setQuery(at ? at[2]! : null);
  };
  const pick = (m: Member) => {
    const el = ref.current;
    const caret = el?.selectionStart ?? text.length;
    const before = text.slice(0, caret).replace(/@([^\s@]{0,30})$/, `@${m.name} `);
    setText(before + text.slice(caret));
    setChosen((c) => (c.some((x) => x.userId === m.userId) ? c : [...c, m]));
    setQuery(null);
    el?.focus();
  };
  const send = async () => {
    let body = text;
    for (const m of chosen) body = body.split(`@${m.name}`).join(`@[${m.name}](${m.userId})`);
    setSending(true);
    try {
      await onSend(body);
      setText("");
      setChosen([]);
    } catch (error) {
      toast.error(errorMessage(error));
    } finally {
      setSending(false);
    }
  };
  return (
    <div className="relative space-y-2">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <textarea
        id={id}
        ref={ref}
        rows={2}
        value={text}
        placeholder={placeholder}
        className="block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:ring-1 focus:ring-brand-500 focus:outline-none dark:border-zinc-700 dark:bg-zinc-900"
        onChange={(e) => onChange(e.target.value, e.target.selectionStart)}
        onKeyDown={(e) => {
          if (matches.length && (e.key === "Enter" || e.key === "Tab")) {
            e.preventDefault();
            pick(matches[0]!);
          } else if (e.key === "Escape") setQuery(null);
          else if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) void send();
        }}
      />
      {matches.length ? (
        <ul role="listbox" aria-label="People to mention" className="absolute z-20 mt-1 w-64 rounded-md border border-zinc-200 bg-white py-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
          {matches.map((m) => (
            <li key={m.userId} role="option" aria-selected={false}>
              <button type="button" className="w-full px-3 py-1.5 text-left text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800" onMouseDown={(e) => e.preventDefault()} onClick={() => pick(m)}>
                {m.name}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="flex gap-2">
        <Button size="sm" disabled={sending || !text.trim()} onClick={() => void send()}>
          {label}
        </Button>
        {onCancel ? (
          <Button size="sm" variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
      </div>
    </div>
  );
}

function Body({ body }: { body: string }) {
  return (
    <p className="text-sm break-words whitespace-pre-wrap">
      {bodyParts(body).map((p, i) =>
        "mention" in p ? (
          <span key={i} className="rounded bg-brand-50 px-1 font-medium text-brand-700 dark:bg-zinc-800 dark:text-brand-100">
            @{p.mention.name}
          </span>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </p>
  );
}

function CommentItem({ comment, canEdit, onChanged }: { comment: Comment; canEdit: boolean; onChanged: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const { user, role } = useWorkspace();
  const [editing, setEditing] = useState(false);
  const edit = useMutation(trpc.comments.edit.mutationOptions({ onSuccess: onChanged }));
  const remove = useMutation(trpc.comments.delete.mutationOptions({ onSuccess: onChanged, onError: (e) => toast.error(errorMessage(e)) }));
  const mine = comment.authorId === user.id;
  if (comment.deletedAt) return <p className="text-sm text-muted italic">This comment was deleted.</p>;
  return (
    <div>
      <p className="text-xs text-muted">
        <span className="font-medium text-zinc-800 dark:text-zinc-200">{comment.authorName ?? "Someone"}</span> · {when(comment.createdAt)}
        {comment.editedAt ? " · edited" : ""}
      </p>
      {editing ? (
        <Composer label="Save" placeholder="Edit your comment" initial={comment.body} onCancel={() => setEditing(false)} onSend={async (body) => {
          await edit.mutateAsync({ id: comment.id, body });
          setEditing(false);
        }} />
      ) : (
        <Body body={comment.body} />
      )}
      {canEdit && !editing && (mine || role === "owner" || role === "admin") ? (
        <div className="mt-1 flex gap-3 text-xs">
          {mine ? (
            <button type="button" className="text-muted hover:underline" onClick={() => setEditing(true)}>
              Edit
            </button>
          ) : null}
          <button type="button" className="text-muted hover:underline" onClick={() => window.confirm("Delete this comment?") && remove.mutate({ id: comment.id })}>
            Delete
          </button>
        </div>
      ) : null}
    </div>
  );
}

/** A record's comment threads: reply, resolve, reopen; follow the record to hear of new ones. */
export function CommentsPanel({ recordType, recordId }: { recordType: ApiObject; recordId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canComment = useCan(`${recordType}.update`);
  const list = useQuery(trpc.comments.list.queryOptions({ recordType, recordId }));
  const following = useQuery(trpc.comments.following.queryOptions({ recordType, recordId }));
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: trpc.comments.pathKey() })]);
  const create = useMutation(trpc.comments.create.mutationOptions({ onSuccess: refresh }));
  const resolve = useMutation(trpc.comments.resolve.mutationOptions({ onSuccess: refresh, onError: (e) => toast.error(errorMessage(e)) }));
  const follow = useMutation(trpc.comments.follow.mutationOptions({ onSuccess: refresh }));
  const [showResolved, setShowResolved] = useState(false);
  const threads = list.data ?? [];
  const open = threads.filter((t) => !t.resolvedAt);
  const resolved = threads.filter((t) => t.resolvedAt);
  const isFollowing = following.data?.following ?? false;

  return (
    <Card>
      <div className="flex items-center justify-between border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <h2 className="flex items-center gap-2 font-semibold">
          <MessageSquare className="size-4" aria-hidden /> Comments
        </h2>
        <Button size="sm" variant="secondary" aria-pressed={isFollowing} onClick={() => follow.mutate({ recordType, recordId, follow: !isFollowing })}>
          {isFollowing ? <BellOff className="size-4" aria-hidden /> : <Bell className="size-4" aria-hidden />}
          {isFollowing ? "Following" : "Follow"}
        </Button>
      </div>
      <div className="space-y-4 p-4">
        {open.length === 0 && !list.isLoading ? <p className="text-sm text-muted">No open comments.</p> : null}
        <ul className="space-y-4" aria-label="Comment threads">
          {(showResolved ? [...open, ...resolved] : open).map((t) => (
            <li key={t.id} className={`space-y-3 rounded-md border p-3 ${t.resolvedAt ? "border-emerald-200 bg-emerald-50/40 dark:border-emerald-900 dark:bg-emerald-950/20" : "border-zinc-200 dark:border-zinc-800"}`}>
              <CommentItem comment={t} canEdit={canComment} onChanged={refresh} />
              {t.replies.length ? (
                <ul className="space-y-3 border-l-2 border-zinc-200 pl-3 dark:border-zinc-800" aria-label="Replies">
                  {t.replies.map((r) => (
                    <li key={r.id}>
                      <CommentItem comment={r} canEdit={canComment} onChanged={refresh} />
                    </li>
                  ))}
                </ul>
              ) : null}
              {canComment ? (
                <div className="flex flex-wrap items-start gap-2">
                  <div className="min-w-0 flex-1">
                    <Composer label="Reply" placeholder="Reply… (@ to mention)" onSend={(body) => create.mutateAsync({ recordType, recordId, parentId: t.id, body })} />
                  </div>
                  <Button size="sm" variant="secondary" onClick={() => resolve.mutate({ id: t.id, resolved: !t.resolvedAt })}>
                    {t.resolvedAt ? <RotateCcw className="size-4" aria-hidden /> : <CheckCircle2 className="size-4" aria-hidden />}
                    {t.resolvedAt ? "Reopen" : "Resolve"}
                  </Button>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
        {resolved.length ? (
          <button type="button" className="text-sm text-muted hover:underline" onClick={() => setShowResolved((s) => !s)}>
            {showResolved ? "Hide" : "Show"} {resolved.length} resolved {resolved.length === 1 ? "thread" : "threads"}
          </button>
        ) : null}
        {canComment ? <Composer label="Comment" placeholder="Write a comment… (@ to mention someone)" onSend={(body) => create.mutateAsync({ recordType, recordId, body })} /> : null}
      </div>
    </Card>
  );
}
