import { Document, isScalar, isSeq, visit } from "yaml";
import { SCHEMA_COMMENT } from "../manifest/init.js";
import type { ManifestData } from "./report.js";

/** berth.yml's text: a header naming where it came from, then the manifest, short lists on one line. */
export function manifestText(manifest: ManifestData, source: string): string {
  const header = [
    SCHEMA_COMMENT,
    `# Written by \`berth init --from ${source}\`. Read the report it printed: what it assumed,`,
    "# what is left to do by hand, and how to move the data. Every key is in berth's docs/manifest.md.",
  ];
  const doc = new Document(manifest, { aliasDuplicateObjects: false });
  visit(doc, {
    Seq(_key, node) {
      if (isSeq(node) && node.items.every((item) => isScalar(item))) node.flow = true;
    },
  });
  return `${header.join("\n")}\n${doc.toString({ lineWidth: 0, flowCollectionPadding: false })}`;
}
