#!/usr/bin/env node
// The `bullpen` command (`npx bullpen --help`). The CLI itself is TypeScript in
// server/src/cli, run directly by Node 24's type stripping.
import { fileURLToPath } from "node:url";
import { ensureNode24 } from "./node24.js";

await ensureNode24(fileURLToPath(import.meta.url));
await import("./fast-resolve.js");
const { main } = await import("../server/src/cli/main.ts");
await main(process.argv);
