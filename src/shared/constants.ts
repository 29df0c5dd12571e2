/** The cookie that holds the workspace a person chose to work in. */
export const WORKSPACE_COOKIE = "mycrm-workspace";
