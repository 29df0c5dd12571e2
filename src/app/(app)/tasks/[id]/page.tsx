import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { env } from "@/server/env";
import { TaskView } from "@/components/tasks/task-view";

export const metadata: Metadata = { title: "Task" };

export default async function TaskPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  return <TaskView id={id} collabUrl={env().COLLAB_PUBLIC_URL} />;
}
