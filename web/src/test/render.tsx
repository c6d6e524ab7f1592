// Renders a component as the app does: Mantine (the app's theme), TanStack Query, i18next and a
// router, in the language and color scheme a test asks for.
import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter } from "react-router";
import type { Language } from "../api/models.ts";
import i18n from "../i18n/index.ts";
import { theme } from "../theme.ts";

export interface RenderOptions {
  language?: Language;
  colorScheme?: "light" | "dark";
  /** The router's location. */
  route?: string;
  /** A client of the test's own (to seed or inspect the cache); a fresh one without retries otherwise. */
  queryClient?: QueryClient;
}

export function testQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
}

export async function renderWithProviders(ui: ReactElement, options: RenderOptions = {}) {
  const queryClient = options.queryClient ?? testQueryClient();
  await i18n.changeLanguage(options.language ?? "en");
  const result = render(
    <MantineProvider theme={theme} forceColorScheme={options.colorScheme ?? "light"}>
      <QueryClientProvider client={queryClient}>
        <MemoryRouter initialEntries={[options.route ?? "/"]}>{ui}</MemoryRouter>
      </QueryClientProvider>
    </MantineProvider>,
  );
  return { ...result, queryClient };
}
