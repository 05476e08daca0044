/**
 * The V8 heap limit reconcile worker processes run with, MB (`NODE_OPTIONS=--max-old-space-size`
 * in k8s/base/reconcile-worker.yaml; `pnpm bench` starts its reconcile processes with the same).
 * Without a limit V8 lets garbage pile up to several times the live set before collecting, so a
 * settle step with ~120 MB live reached ~600 MB RSS at 10M records per side; with it, the same
 * step peaks at ~420 MB (and ~500 MB with 384). The live set of the largest step (settle) grows
 * with the day's leftovers, about 0.5 KB per leftover record (180,000 at 10M per side); a
 * partition's follows RECONCILE_PARTITION_RECORDS (it ran at 100,000 with a 256 MB limit).
 */
export const RECONCILE_HEAP_LIMIT_MB = 320;
