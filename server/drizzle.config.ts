import { defineConfig } from "drizzle-kit";

// Migrations are generated from every module's schema files and committed.
// `npm run db:generate -w @bullpen/server` writes the next one into migrations/.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/modules/*/schema*.ts",
  out: "./migrations",
});
