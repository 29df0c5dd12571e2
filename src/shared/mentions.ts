/**
 * Mentions in comments are written `@[Name](user id)`: readable as plain text, exact about who.
 * (In notes they are mention nodes of the rich text, with the same id.)
 */
const MENTION = /@\[([^\]\n]{1,100})\]\(([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\)/g;

export function mentionedIds(body: string): string[] {
  return [...new Set([...body.matchAll(MENTION)].map((m) => m[2]!))];
}

export type BodyPart = { text: string } | { mention: { id: string; name: string } };

/** A body as text and mentions, to show mentions as chips. */
export function bodyParts(body: string): BodyPart[] {
  const parts: BodyPart[] = [];
  let last = 0;
  for (const m of body.matchAll(MENTION)) {
    if (m.index > last) parts.push({ text: body.slice(last, m.index) });
    parts.push({ mention: { name: m[1]!, id: m[2]! } });
    last = m.index + m[0].length;
  }
  if (last < body.length) parts.push({ text: body.slice(last) });
  return parts;
}

/** The body with mentions as "@Name", for notification titles and emails. */
export function plainBody(body: string): string {
  return body.replace(MENTION, (_m, name: string) => `@${name}`);
}

/** The kinds of notification, and what each is called on the settings page. */
export const notificationKinds = {
  mention: "Someone mentions you",
  comment: "A comment on a record you follow",
  "task.assigned": "A task is assigned to you",
  "task.due": "A task of yours is due",
  "deal.stage_changed": "A deal you own or follow changes stage",
  "deal.close_date": "A deal of yours is due to close",
} as const;
export type NotificationKind = keyof typeof notificationKinds;
