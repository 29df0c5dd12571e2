import { ArrowLeft } from "lucide-react";
import Link from "next/link";

/** "← Deals" above a record page. */
export function BackLink({ href, label }: { href: string; label: string }) {
  return (
    <Link href={href} className="inline-flex items-center gap-1 text-sm text-muted hover:text-zinc-900 dark:hover:text-zinc-100">
      <ArrowLeft className="size-4" aria-hidden /> {label}
    </Link>
  );
}
