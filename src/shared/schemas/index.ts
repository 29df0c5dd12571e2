export * from "./common";
export * from "./auth";
export * from "./crm";
export * from "./api-keys";
export * from "./activities";
export * from "./tasks";
export * from "./leads";
export * from "./comments";
