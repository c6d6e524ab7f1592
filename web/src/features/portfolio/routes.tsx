// The portfolio's pages under /portfolio, one chunk for the area (the shell's route lazy-loads it):
// the overview, the ledger, the import wizard, screenshot import, accounts and planning.
import { Route, Routes } from "react-router";
import { AccountsPage } from "./AccountsPage.tsx";
import { ConnectionsPage } from "./ConnectionsPage.tsx";
import { ImportPage } from "./ImportPage.tsx";
import { OverviewPage } from "./OverviewPage.tsx";
import { PlanningPage } from "./PlanningPage.tsx";
import { ScreenshotPage } from "./ScreenshotPage.tsx";
import { TransactionsPage } from "./TransactionsPage.tsx";

export function PortfolioRoutes() {
  return (
    <Routes>
      <Route index element={<OverviewPage />} />
      <Route path="transactions" element={<TransactionsPage />} />
      <Route path="import" element={<ImportPage />} />
      <Route path="screenshot" element={<ScreenshotPage />} />
      <Route path="accounts" element={<AccountsPage />} />
      <Route path="planning" element={<PlanningPage />} />
      <Route path="connections" element={<ConnectionsPage />} />
    </Routes>
  );
}
