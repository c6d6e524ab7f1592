export * from "./build.ts";
export * from "./centrality.ts";
export * from "./communities.ts";
export * from "./embedding.ts";
export * from "./mst.ts";
