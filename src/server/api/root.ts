import { apiKeysRouter } from "./routers/api-keys";
import { auditRouter } from "./routers/audit";
import { privacyRouter } from "./routers/privacy";
import { sensitiveRouter } from "./routers/sensitive";
import { teamsRouter } from "./routers/teams";
import { authRouter } from "./routers/auth";
import { collabRouter } from "./routers/collab";
import { companiesRouter } from "./routers/companies";
import { contactsRouter } from "./routers/contacts";
import { customFieldsRouter } from "./routers/custom-fields";
import { dashboardRouter } from "./routers/dashboard";
import { dealsRouter } from "./routers/deals";
import { exportsRouter } from "./routers/exports";
import { duplicatesRouter } from "./routers/duplicates";
import { importsRouter } from "./routers/imports";
import { leadsRouter } from "./routers/leads";
import { liveRouter } from "./routers/live";
import { notificationsRouter } from "./routers/notifications";
import { searchRouter } from "./routers/search";
import { tasksRouter } from "./routers/tasks";
import { timelineRouter } from "./routers/timeline";
import { historyRouter } from "./routers/history";
import { commentsRouter } from "./routers/comments";
import { documentsRouter } from "./routers/documents";
import { tagsRouter } from "./routers/tags";
import { trashRouter } from "./routers/trash";
import { recordsRouter, viewsRouter } from "./routers/views";
import { workspaceRouter } from "./routers/workspace";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  auth: authRouter,
  workspace: workspaceRouter,
  companies: companiesRouter,
  contacts: contactsRouter,
  deals: dealsRouter,
  dashboard: dashboardRouter,
  leads: leadsRouter,
  customFields: customFieldsRouter,
  notifications: notificationsRouter,
  search: searchRouter,
  trash: trashRouter,
  timeline: timelineRouter,
  history: historyRouter,
  comments: commentsRouter,
  documents: documentsRouter,
  tasks: tasksRouter,
  exports: exportsRouter,
  collab: collabRouter,
  apiKeys: apiKeysRouter,
  records: recordsRouter,
  views: viewsRouter,
  tags: tagsRouter,
  imports: importsRouter,
  duplicates: duplicatesRouter,
  live: liveRouter,
  audit: auditRouter,
  privacy: privacyRouter,
  sensitive: sensitiveRouter,
  teams: teamsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
