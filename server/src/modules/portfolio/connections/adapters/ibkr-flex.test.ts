// The IB Flex Web Service adapter over real HTTP: SendRequest, a statement still being generated,
// then the statement (a Flex XML fixture), read by the import's Flex XML parser.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { type ReplayServer, startReplayServer } from "../../../../../test/replay-server.ts";
import { decodeFile, parserById } from "../../imports/parsers/registry.ts";
import { fetchIbkrFlex } from "./ibkr-flex.ts";
import { BrokerSyncError } from "./types.ts";

const here = (rel: string) => readFileSync(new URL(rel, import.meta.url), "utf8");
const STATEMENT = "../../imports/parsers/fixtures/ibkr/testIBFlexStatementFile02.xml";

const parseStatement = async (xml: string) => {
  const parser = parserById("ibkr-flex-xml");
  if (!parser) throw new Error("the Flex XML parser is not registered");
  return parser.parse(decodeFile("statement.xml", new TextEncoder().encode(xml)));
};

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("IB Flex Web Service adapter", () => {
  it("asks for the query, waits while IB builds it, and reads the statement like an uploaded Flex file", async () => {
    server = await startReplayServer([]);
    const base = `${server.url}/AccountManagement/FlexWebService`;
    server.setRoutes([
      {
        method: "GET",
        path: "/AccountManagement/FlexWebService/SendRequest",
        status: 200,
        body: here("./fixtures/ibkr-flex/send-request-ok.xml").replace("__BASE__", base),
      },
      {
        method: "GET",
        path: "/AccountManagement/FlexWebService/GetStatement",
        status: 200,
        body: here("./fixtures/ibkr-flex/statement-in-progress.xml"),
        times: 2,
      },
      {
        method: "GET",
        path: "/AccountManagement/FlexWebService/GetStatement",
        status: 200,
        body: here(STATEMENT),
      },
    ]);
    const waits: number[] = [];
    const batch = await fetchIbkrFlex(
      { token: "123456789012345678", queryId: "987654", baseUrl: base },
      parseStatement,
      {
        sleep: async (ms) => {
          waits.push(ms);
        },
      },
    );
    const uploaded = await parseStatement(here(STATEMENT));
    expect(batch.activities).toEqual(uploaded.activities);
    expect(batch.activities.length).toBeGreaterThan(0);
    expect(waits).toHaveLength(2);
    const [send, ...gets] = server.requests;
    expect(send?.query.get("t")).toBe("123456789012345678");
    expect(send?.query.get("q")).toBe("987654");
    expect(send?.query.get("v")).toBe("3");
    expect(gets.map((g) => g.query.get("q"))).toEqual(["5813458792", "5813458792", "5813458792"]);
  });

  it("says the token is invalid, in IB's words, without the token", async () => {
    server = await startReplayServer([
      {
        method: "GET",
        path: "/fws/SendRequest",
        status: 200,
        body: here("./fixtures/ibkr-flex/send-request-bad-token.xml"),
      },
    ]);
    const err = await fetchIbkrFlex(
      { token: "999999999999", queryId: "1", baseUrl: `${server.url}/fws` },
      parseStatement,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BrokerSyncError);
    expect((err as BrokerSyncError).code).toBe("unauthorized");
    expect((err as Error).message).toContain("1015");
    expect((err as Error).message).not.toContain("999999999999");
  });

  it("gives up after a bounded number of polls when the statement never comes", async () => {
    server = await startReplayServer([]);
    const base = `${server.url}/fws`;
    server.setRoutes([
      {
        method: "GET",
        path: "/fws/SendRequest",
        status: 200,
        body: here("./fixtures/ibkr-flex/send-request-ok.xml").replace("__BASE__", base),
      },
      {
        method: "GET",
        path: "/fws/GetStatement",
        status: 200,
        body: here("./fixtures/ibkr-flex/statement-in-progress.xml"),
      },
    ]);
    const err = await fetchIbkrFlex({ token: "t", queryId: "q", baseUrl: base }, parseStatement, {
      sleep: async () => {},
    }).catch((e: unknown) => e);
    expect((err as BrokerSyncError).code).toBe("not_ready");
    expect(server.requests.filter((r) => r.path.endsWith("GetStatement")).length).toBe(8);
  });
});
