// A small XML reader for the attribute-shaped XML brokers export (IB Flex: `<Trade a="…" b="…"/>`).
// It walks start tags in order with their attributes, entity-decoded, and never throws: a malformed tag is
// skipped. Text content, namespaces and DTDs are not needed by any format we read, so they are not read.

export interface XmlTag {
  name: string;
  attrs: Record<string, string>;
  /** The tag closes itself (`<Trade …/>`). */
  selfClosing: boolean;
  /** 1-based line the tag starts on. */
  line: number;
  /** An end tag (`</Trades>`): no attributes. */
  end: boolean;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00A0" };

/** Decodes the five XML entities and numeric character references; unknown ones stay as written. */
export function decodeEntities(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (all, ref: string) => {
    if (ref.startsWith("#x")) return safeChar(Number.parseInt(ref.slice(2), 16)) ?? all;
    if (ref.startsWith("#")) return safeChar(Number.parseInt(ref.slice(1), 10)) ?? all;
    return ENTITIES[ref.toLowerCase()] ?? all;
  });
}

function safeChar(code: number): string | undefined {
  if (!Number.isFinite(code) || code < 0 || code > 0x10ffff) return undefined;
  return String.fromCodePoint(code);
}

const ATTR = /([A-Za-z_:][\w:.\-/]*)\s*=\s*("([^"]*)"|'([^']*)')/g;

/** Every start, self-closing and end tag of the document, in order (comments, PIs, CDATA skipped). */
export function* xmlTags(text: string): Generator<XmlTag> {
  let i = 0;
  let line = 1;
  let lineAt = 0;
  const n = text.length;
  while (i < n) {
    const lt = text.indexOf("<", i);
    if (lt < 0) return;
    for (let k = lineAt; k < lt; k++) if (text.charCodeAt(k) === 10) line++;
    lineAt = lt;
    if (text.startsWith("<!--", lt)) {
      const close = text.indexOf("-->", lt + 4);
      i = close < 0 ? n : close + 3;
      continue;
    }
    if (text.startsWith("<![CDATA[", lt)) {
      const close = text.indexOf("]]>", lt + 9);
      i = close < 0 ? n : close + 3;
      continue;
    }
    if (text[lt + 1] === "?" || text[lt + 1] === "!") {
      const close = text.indexOf(">", lt + 1);
      i = close < 0 ? n : close + 1;
      continue;
    }
    // The tag ends at the first `>` outside a quoted attribute value.
    let j = lt + 1;
    let quote = "";
    while (j < n) {
      const c = text[j]!;
      if (quote) {
        if (c === quote) quote = "";
      } else if (c === '"' || c === "'") quote = c;
      else if (c === ">") break;
      j++;
    }
    if (j >= n) return;
    const body = text.slice(lt + 1, j);
    i = j + 1;
    const tagLine = line;
    if (body.startsWith("/")) {
      const name = body.slice(1).trim();
      if (name) yield { name, attrs: {}, selfClosing: false, line: tagLine, end: true };
      continue;
    }
    const selfClosing = body.endsWith("/");
    const inner = selfClosing ? body.slice(0, -1) : body;
    const m = /^([A-Za-z_][\w:.-]*)/.exec(inner);
    if (!m) continue;
    const attrs: Record<string, string> = {};
    for (const a of inner.slice(m[1]!.length).matchAll(ATTR)) {
      attrs[a[1]!] = decodeEntities(a[3] ?? a[4] ?? "");
    }
    yield { name: m[1]!, attrs, selfClosing, line: tagLine, end: false };
  }
}
