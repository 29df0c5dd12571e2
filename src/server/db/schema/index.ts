export * from "./auth";
export * from "./crm";
export * from "./activity";
export * from "./collab";
export * from "./system";
export * from "./api-keys";
export * from "./custom-fields";
export * from "./tasks";
