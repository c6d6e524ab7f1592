// A small Markdown renderer for the user guide (docs/user-guide.md): headings, paragraphs, nested
// lists, tables, fenced code and inline code, bold, italic and links — the subset the guide uses —
// into React elements (no HTML from the text is ever injected).
import { Anchor, Code, List, Table, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { Link } from "react-router";

export type Block =
  | { kind: "heading"; level: number; text: string; id: string }
  | { kind: "paragraph"; text: string }
  | { kind: "list"; ordered: boolean; items: ListItem[] }
  | { kind: "table"; head: string[]; rows: string[][] }
  | { kind: "code"; text: string };
export interface ListItem {
  text: string;
  children: ListItem[];
  ordered: boolean;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[`*_[\]()]/g, "")
    .replace(/[^\p{L}\p{N}\s-]/gu, "")
    .trim()
    .replace(/\s/g, "-");
}

const LIST_ITEM = /^(\s*)([-*]|\d+\.)\s+(.*)$/;
const cells = (line: string) =>
  line
    .trim()
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .split("|")
    .map((c) => c.trim());

/** Splits Markdown text into blocks. */
export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) blocks.push({ kind: "paragraph", text: para.join(" ") });
    para = [];
  };
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as string;
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (line.trim() === "") {
      flush();
      i++;
    } else if (heading) {
      flush();
      const text = (heading[2] as string).trim();
      blocks.push({ kind: "heading", level: (heading[1] as string).length, text, id: slug(text) });
      i++;
    } else if (line.startsWith("```")) {
      flush();
      const body: string[] = [];
      i++;
      while (i < lines.length && !(lines[i] as string).startsWith("```")) body.push(lines[i++] as string);
      i++;
      blocks.push({ kind: "code", text: body.join("\n") });
    } else if (line.trimStart().startsWith("|")) {
      flush();
      const rows: string[][] = [];
      while (i < lines.length && (lines[i] as string).trimStart().startsWith("|"))
        rows.push(cells(lines[i++] as string));
      const [head = [], sep, ...rest] = rows;
      const isSep = sep?.every((c) => /^:?-+:?$/.test(c));
      blocks.push({ kind: "table", head, rows: isSep ? rest : sep ? [sep, ...rest] : rest });
    } else if (LIST_ITEM.test(line) && para.length === 0) {
      // Nested by indentation: an item indented more than the open list's items is a child of its last item.
      const root: ListItem[] = [];
      const stack: { indent: number; items: ListItem[] }[] = [];
      let last: ListItem | null = null;
      while (i < lines.length) {
        const l = lines[i] as string;
        const m = LIST_ITEM.exec(l);
        if (m) {
          const indent = (m[1] as string).length;
          const item: ListItem = { text: m[3] as string, children: [], ordered: /\d/.test(m[2] as string) };
          while (stack.length > 1 && (stack.at(-1) as { indent: number }).indent > indent) stack.pop();
          const top = stack.at(-1);
          if (!top) stack.push({ indent, items: root });
          else if (indent > top.indent && top.items.length)
            stack.push({ indent, items: (top.items.at(-1) as ListItem).children });
          (stack.at(-1) as { items: ListItem[] }).items.push(item);
          last = item;
          i++;
        } else if (l.trim() !== "" && /^\s{2,}/.test(l) && last) {
          last.text += ` ${l.trim()}`;
          i++;
        } else break;
      }
      const ordered = root[0]?.ordered ?? false;
      blocks.push({ kind: "list", ordered, items: root });
    } else {
      para.push(line.trim());
      i++;
    }
  }
  flush();
  return blocks;
}

/** Where a link of the guide goes in the app: the API document is the server's /docs. */
function linkTarget(href: string): { kind: "external" | "internal" | "anchor" | "doc"; to: string } {
  if (/^https?:/.test(href)) return { kind: "external", to: href };
  if (href.startsWith("#")) return { kind: "anchor", to: href };
  if (/^api\.md(#.*)?$/.test(href)) return { kind: "external", to: "/docs" };
  if (href.startsWith("/")) return { kind: "internal", to: href };
  return { kind: "doc", to: href };
}

const INLINE = /(`[^`]+`)|(\*\*[^*]+\*\*)|(\*[^*\s][^*]*\*)|(\[[^\]]+\]\([^)\s]+\))/;

/** Inline Markdown (code, bold, italic, links) as React nodes. */
export function inline(text: string, otherDoc: string): ReactNode[] {
  const out: ReactNode[] = [];
  let rest = text;
  let k = 0;
  while (rest) {
    const m = INLINE.exec(rest);
    if (!m) {
      out.push(rest);
      break;
    }
    if (m.index > 0) out.push(rest.slice(0, m.index));
    const tok = m[0];
    const key = k++;
    if (m[1]) out.push(<Code key={key}>{tok.slice(1, -1)}</Code>);
    else if (m[2]) out.push(<strong key={key}>{inline(tok.slice(2, -2), otherDoc)}</strong>);
    else if (m[3]) out.push(<em key={key}>{inline(tok.slice(1, -1), otherDoc)}</em>);
    else {
      const lm = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(tok) as RegExpExecArray;
      const label = inline(lm[1] as string, otherDoc);
      const target = linkTarget(lm[2] as string);
      if (target.kind === "external")
        out.push(
          <Anchor key={key} href={target.to} target="_blank" rel="noopener">
            {label}
          </Anchor>,
        );
      else if (target.kind === "anchor")
        out.push(
          <Anchor key={key} href={target.to}>
            {label}
          </Anchor>,
        );
      else if (target.kind === "internal")
        out.push(
          <Anchor key={key} component={Link} to={target.to}>
            {label}
          </Anchor>,
        );
      else
        out.push(
          <span key={key} title={`${target.to.split("#")[0]} ${otherDoc}`}>
            {label}
          </span>,
        );
    }
    rest = rest.slice(m.index + tok.length);
  }
  return out;
}

function ListView({ items, ordered, otherDoc }: { items: ListItem[]; ordered: boolean; otherDoc: string }) {
  return (
    <List type={ordered ? "ordered" : "unordered"} spacing={4} withPadding size="sm">
      {items.map((it, n) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a static document's items
        <List.Item key={n}>
          {inline(it.text, otherDoc)}
          {it.children.length > 0 && (
            <ListView items={it.children} ordered={it.children[0]?.ordered ?? false} otherDoc={otherDoc} />
          )}
        </List.Item>
      ))}
    </List>
  );
}

/** Renders blocks; headings shift down one level under `topLevel` (the page's own h1). */
export function MarkdownBlocks({ blocks, otherDoc }: { blocks: Block[]; otherDoc: string }) {
  return (
    <>
      {blocks.map((b, n) => {
        const key = n;
        switch (b.kind) {
          case "heading":
            return (
              <Title
                key={key}
                order={Math.min(b.level, 6) as 1 | 2 | 3 | 4 | 5 | 6}
                size={b.level <= 2 ? "h3" : "h4"}
                id={b.id}
                mt={b.level <= 2 ? "xl" : "md"}
                mb="xs"
                style={{ scrollMarginTop: 72 }}
              >
                {inline(b.text, otherDoc)}
              </Title>
            );
          case "paragraph":
            return (
              <Text key={key} size="sm" mb="sm">
                {inline(b.text, otherDoc)}
              </Text>
            );
          case "list":
            return (
              <div key={key} style={{ marginBottom: "var(--mantine-spacing-sm)" }}>
                <ListView items={b.items} ordered={b.ordered} otherDoc={otherDoc} />
              </div>
            );
          case "table":
            return (
              <Table.ScrollContainer key={key} minWidth={480} mb="sm">
                <Table withTableBorder fz="sm">
                  <Table.Thead>
                    <Table.Tr>
                      {b.head.map((h, j) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: a static document's cells
                        <Table.Th key={j}>{inline(h, otherDoc)}</Table.Th>
                      ))}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {b.rows.map((r, j) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: a static document's rows
                      <Table.Tr key={j}>
                        {r.map((c, m) => (
                          // biome-ignore lint/suspicious/noArrayIndexKey: a static document's cells
                          <Table.Td key={m}>{inline(c, otherDoc)}</Table.Td>
                        ))}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            );
          case "code":
            return (
              <Code key={key} block mb="sm">
                {b.text}
              </Code>
            );
        }
        return null;
      })}
    </>
  );
}
