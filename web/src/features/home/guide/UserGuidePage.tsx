// The user guide inside the app: docs/user-guide.md bundled at build time (a chunk of its own, loaded
// when the page opens) and rendered here, so it works on a server without internet access.
import { Anchor, Card, List, Stack, Text, Title } from "@mantine/core";
import { useEffect, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import source from "../../../../../docs/user-guide.md?raw";
import { inline, MarkdownBlocks, parseMarkdown } from "./markdown.tsx";

export function UserGuidePage() {
  const { t } = useTranslation();
  const blocks = useMemo(() => parseMarkdown(source), []);
  const { hash } = useLocation();
  // Opened from another page: start at the top (or at the section the address names), not where
  // the previous page was scrolled to.
  useEffect(() => {
    const target = hash ? document.getElementById(decodeURIComponent(hash.slice(1))) : null;
    if (target) target.scrollIntoView();
    else if (document.scrollingElement) document.scrollingElement.scrollTop = 0;
  }, [hash]);
  const [first, ...rest] = blocks;
  const otherDoc = t("home.userGuide.otherDoc");
  const sections = rest.filter((b) => b.kind === "heading" && b.level === 2);
  return (
    <Stack gap={0} maw={820}>
      <Anchor component={Link} to="/" size="sm" mb="xs">
        ← {t("home.userGuide.back")}
      </Anchor>
      <Title order={1} size="h2" mb="md">
        {first?.kind === "heading" ? first.text : t("home.userGuide.title")}
      </Title>
      <Card withBorder radius="md" padding="md" mb="md" component="nav" aria-labelledby="guide-toc">
        <Text fw={600} size="sm" id="guide-toc" mb={4}>
          {t("home.userGuide.onThisPage")}
        </Text>
        <List size="sm" spacing={2}>
          {sections.map((s) =>
            s.kind === "heading" ? (
              <List.Item key={s.id}>
                <Anchor href={`#${s.id}`}>{inline(s.text, otherDoc)}</Anchor>
              </List.Item>
            ) : null,
          )}
        </List>
      </Card>
      <div>
        <MarkdownBlocks blocks={first?.kind === "heading" ? rest : blocks} otherDoc={otherDoc} />
      </div>
    </Stack>
  );
}
