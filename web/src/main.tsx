import "./styles.ts";
import { localStorageColorSchemeManager, MantineProvider } from "@mantine/core";
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { lazy, StrictMode, Suspense } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.tsx";
import { ApiError } from "./api/client.ts";
import { accountKeys, meQuery } from "./features/account/queries.ts";
import { setupStatusQuery } from "./features/auth/queries.ts";
import { i18nReady } from "./i18n/index.ts";
import { cssVariablesResolver, theme } from "./theme.ts";

// A session that ends elsewhere (expiry, "sign out everywhere" on another device, suspension) makes any
// request answer 401 "unauthenticated": reload "me", and the route guards send the user to sign in.
const onUnauthenticated = (err: unknown, key?: readonly unknown[]) => {
  const isMe = key?.length === accountKeys.me.length && key[0] === accountKeys.me[0];
  if (err instanceof ApiError && err.code === "unauthenticated" && !isMe) {
    void queryClient.invalidateQueries({ queryKey: accountKeys.me, exact: true });
  }
};

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (err, query) => onUnauthenticated(err, query.queryKey) }),
  mutationCache: new MutationCache({ onError: (err) => onUnauthenticated(err) }),
  defaultOptions: {
    queries: {
      // Client errors (401/403/404/validation) will not fix themselves by retrying.
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

// "Who am I" (and whether the instance still needs its first admin, which the route guards ask too)
// go out now, alongside the language and the page's chunks, rather than at the first render.
void queryClient.prefetchQuery(meQuery());
void queryClient.prefetchQuery(setupStatusQuery());

// Toasts (and their transitions) load after the first render: nothing shows one before then.
const Toasts = lazy(async () => ({ default: (await import("./layout/Toasts.tsx")).Toasts }));

const colorSchemeManager = localStorageColorSchemeManager({ key: "bullpen.color-scheme" });

// The first render waits for the language (Korean is a chunk of its own) so no English flashes first.
const render = () =>
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <MantineProvider
        theme={theme}
        cssVariablesResolver={cssVariablesResolver}
        defaultColorScheme="auto"
        colorSchemeManager={colorSchemeManager}
      >
        <Suspense fallback={null}>
          <Toasts />
        </Suspense>
        <QueryClientProvider client={queryClient}>
          <App />
        </QueryClientProvider>
      </MantineProvider>
    </StrictMode>,
  );

void i18nReady.then(render, render);
