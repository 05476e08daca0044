import { describe, expect, it } from "vitest";
import { AUDIT_GENESIS_HASH, auditEntryHash } from "./audit-chain";
import { AuditChainWalker, type AuditAnchor, type AuditLogRow, type AuditWalkStart } from "./audit-chain-check";

type Content = Pick<AuditLogRow, "action" | "entityType" | "entityId" | "actor" | "detailsText" | "at">;

function content(i: number): Content {
  return {
    action: i % 2 === 0 ? "run.completed" : "break.opened",
    entityType: i % 2 === 0 ? "reconciliation_run" : "break",
    entityId: `e${i}`,
    actor: "system",
    detailsText: `{"n": ${i}}`,
    at: new Date(Date.UTC(2026, 11, 1, 0, 0, i)),
  };
}

/** Chains contents the way the trigger does, from `prevHash` at `firstSeq`. */
function chain(contents: Content[], firstSeq = 1n, prevHash = AUDIT_GENESIS_HASH, firstId = Number(firstSeq)): AuditLogRow[] {
  const rows: AuditLogRow[] = [];
  contents.forEach((c, i) => {
    const seq = firstSeq + BigInt(i);
    const previous = i === 0 ? prevHash : rows[i - 1]!.hash!;
    rows.push({ ...c, id: String(firstId + i), seq, prevHash: previous, hash: auditEntryHash({ ...c, seq, prevHash: previous }) });
  });
  return rows;
}

function intact(n: number): AuditLogRow[] {
  return chain(Array.from({ length: n }, (_, i) => content(i + 1)));
}

function walk(rows: AuditLogRow[], start: AuditWalkStart = {}) {
  const walker = new AuditChainWalker(start);
  for (const row of rows) if (walker.push(row)) break;
  return walker.finish();
}

function anchorOf(row: AuditLogRow): AuditAnchor {
  return { seq: row.seq!, hash: row.hash!, location: `anchors/${row.seq}.json` };
}

describe("AuditChainWalker", () => {
  it("passes an intact chain and its anchors, and reports where it ends", () => {
    const rows = intact(6);
    const result = walk(rows, { anchors: [anchorOf(rows[2]!), anchorOf(rows[5]!)] });
    expect(result.problem).toBeNull();
    expect(result).toMatchObject({ checked: 6, anchorsChecked: 2 });
    expect(result.last?.hash).toBe(rows[5]!.hash);
    expect(walk([]).problem).toBeNull();
  });

  it("names an edited entry", () => {
    const rows = intact(5);
    rows[2] = { ...rows[2]!, detailsText: `{"n": 0}` };
    expect(walk(rows).problem).toMatchObject({
      kind: "edited",
      seq: 3n,
      id: "3",
      action: "break.opened",
      entity: "break e3",
      message: "entry seq 3 (id 3, break.opened break e3) was edited: its content no longer matches its hash",
    });
  });

  it("names an entry edited with its hash recomputed, through the next entry's link", () => {
    const rows = intact(5);
    const edited = { ...rows[1]!, actor: "mallory" };
    rows[1] = { ...edited, hash: auditEntryHash({ ...edited, seq: 2n, prevHash: edited.prevHash! }) };
    expect(walk(rows).problem).toMatchObject({ kind: "edited", seq: 2n, id: "2" });
    expect(walk(rows).problem?.message).toContain("was edited and its hash recomputed");
  });

  it("names deleted entries, whether the gap is left or the rest renumbered", () => {
    const rows = intact(6);
    const gap = [...rows.slice(0, 2), ...rows.slice(4)];
    expect(walk(gap).problem).toMatchObject({ kind: "deleted", seq: 5n, id: "5" });
    expect(walk(gap).problem?.message).toBe(
      "2 entries missing: seq 3 to 4 (deleted): gone between seq 2 (id 2, run.completed reconciliation_run e2) and seq 5 (id 5, break.opened break e5)",
    );
    const renumbered = [...rows.slice(0, 2), ...rows.slice(3).map((r) => ({ ...r, seq: r.seq! - 1n }))];
    expect(walk(renumbered).problem).toMatchObject({ kind: "deleted", seq: 3n, id: "4" });
    expect(walk(renumbered).problem?.message).toBe(
      "entry seq 3 (id 4, run.completed reconciliation_run e4) was written as seq 4: 1 entry was deleted before it and the later ones renumbered",
    );
    expect(walk(rows.slice(2)).problem).toMatchObject({ kind: "deleted", seq: 3n });
    expect(walk(rows.slice(2)).problem?.message).toBe("2 entries missing: seq 1 to 2 (deleted): the chain starts at seq 3 (id 3, break.opened break e3)");
  });

  it("names a reordered pair, swapped by seq or by content", () => {
    const rows = intact(5);
    const bySeq = [rows[0]!, { ...rows[2]!, seq: 2n }, { ...rows[1]!, seq: 3n }, rows[3]!, rows[4]!];
    expect(walk(bySeq).problem).toMatchObject({ kind: "reordered", seq: 2n, id: "3" });
    expect(walk(bySeq).problem?.message).toBe(
      "entries seq 2 (id 3, break.opened break e3) and seq 3 (id 2, run.completed reconciliation_run e2) are in the wrong order: seq 2 was written after seq 3's entry",
    );
    const byContent = [rows[0]!, { ...rows[2]!, id: "2", seq: 2n }, { ...rows[1]!, id: "3", seq: 3n }, rows[3]!, rows[4]!];
    expect(walk(byContent).problem).toMatchObject({ kind: "reordered", seq: 2n, id: "2" });
  });

  it("names an inserted entry: a second entry at a seq, one chained in with the rest renumbered, one past the trigger", () => {
    const rows = intact(4);
    const forged = { ...content(99), id: "99", seq: 2n, prevHash: rows[0]!.hash, hash: "f".repeat(64) };
    expect(walk([rows[0]!, rows[1]!, forged, rows[2]!, rows[3]!]).problem).toMatchObject({ kind: "inserted", seq: 2n, id: "99" });

    const chained = chain([content(99)], 2n, rows[0]!.hash!, 99)[0]!;
    const shifted = [rows[0]!, chained, ...rows.slice(1).map((r) => ({ ...r, seq: r.seq! + 1n }))];
    const problem = walk(shifted).problem;
    expect(problem).toMatchObject({ kind: "inserted", seq: 2n, id: "99", action: "break.opened" });
    expect(problem?.message).toBe("entry seq 2 (id 99, break.opened break e99) was inserted: seq 3 (id 2, run.completed reconciliation_run e2) was written as seq 2");

    const before = { ...forged, id: "98", seq: 0n };
    expect(walk([before, ...rows]).problem).toMatchObject({ kind: "inserted", seq: 0n, id: "98" });

    const unchained = { ...content(7), id: "100", seq: null, prevHash: null, hash: null };
    expect(walk([...rows, unchained]).problem).toMatchObject({ kind: "inserted", id: "100", seq: null });
  });

  it("names a truncated table or tail through the anchors", () => {
    const rows = intact(5);
    const anchors = [anchorOf(rows[1]!), anchorOf(rows[4]!)];
    expect(walk([], { anchors }).problem).toMatchObject({ kind: "truncated", seq: 5n, id: null });
    expect(walk([], { anchors }).problem?.message).toBe(
      `entry seq 5 is gone: the anchor anchors/5.json records it (hash ${rows[4]!.hash}) but audit_logs is empty: the table was truncated or its tail deleted`,
    );
    const tailCut = walk(rows.slice(0, 3), { anchors });
    expect(tailCut).toMatchObject({ anchorsChecked: 2, problem: { kind: "truncated", seq: 5n } });
    expect(tailCut.problem?.message).toContain("audit_logs ends at seq 3 (id 3, break.opened break e3)");
  });

  it("names a chain rewritten consistently from an edit onwards through the first anchor it contradicts", () => {
    const rows = intact(6);
    const anchors = [anchorOf(rows[1]!), anchorOf(rows[4]!)];
    const contents = rows.map((r) => ({ ...r }));
    contents[2] = { ...contents[2]!, detailsText: `{"n": 0}` };
    const rewritten = chain(contents);
    expect(walk(rewritten).problem).toBeNull();
    expect(walk(rewritten, { anchors }).problem).toMatchObject({ kind: "rewritten", seq: 5n, id: "5" });
    expect(walk(rewritten, { anchors }).problem?.message).toContain("differs from the anchor anchors/5.json");
  });

  it("walks from a later seq, trusting the first entry's link and skipping earlier anchors", () => {
    const rows = intact(6);
    const from3 = walk(rows.slice(2), { firstSeq: 3n, anchors: [anchorOf(rows[0]!), anchorOf(rows[3]!)] });
    expect(from3).toMatchObject({ checked: 4, anchorsChecked: 1, problem: null });
    expect(walk(rows.slice(3), { firstSeq: 3n }).problem).toMatchObject({ kind: "deleted", seq: 4n });
  });
});
