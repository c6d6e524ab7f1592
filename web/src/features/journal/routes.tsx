// The journal's pages under /journal, one chunk for the area (the app's route lazy-loads it).
import { Route, Routes } from "react-router";
import { JournalPage } from "./JournalPage.tsx";

export function JournalRoutes() {
  return (
    <Routes>
      <Route index element={<JournalPage />} />
    </Routes>
  );
}
