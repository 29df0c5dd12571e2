"use client";
import { KanbanSquare, List } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

/** Switch between the deal list and the pipeline board. */
export function DealsViews() {
  const pathname = usePathname();
  const views = [
    { href: "/deals", label: "List", icon: List },
    { href: "/deals/board", label: "Board", icon: KanbanSquare },
  ];
  return (
    <nav aria-label="Deal views" className="inline-flex rounded-md border border-zinc-300 p-0.5 dark:border-zinc-700">
      {views.map(({ href, label, icon: Icon }) => (
        <Link
          key={href}
          href={href}
          aria-current={pathname === href ? "page" : undefined}
          className={cn(
            "inline-flex items-center gap-1.5 rounded px-3 py-1.5 text-sm font-medium",
            pathname === href ? "bg-zinc-100 dark:bg-zinc-800" : "text-muted hover:text-zinc-900 dark:hover:text-zinc-100",
          )}
        >
          <Icon className="size-4" aria-hidden /> {label}
        </Link>
      ))}
    </nav>
  );
}
