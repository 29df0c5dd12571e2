import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { TasksPanel } from "@/components/tasks/tasks-panel";

export const metadata: Metadata = { title: "Tasks" };

export default function TasksPage() {
  return (
    <>
      <PageHeader title="Tasks" />
      <TasksPanel title="Your tasks" />
    </>
  );
}
