import { phasesFromEnv, settleSecondsFromEnv } from "./env";

/** The phases of the suite, in the order they run. */
const PHASES = ["kills", "redis-aof", "redis-none", "pg-10s", "pg-120s", "load"] as const;
export type Phase = (typeof PHASES)[number];

export interface ChaosOptions {
  phases: Phase[];
  /** SIGKILLs of worker processes in the kills phase. */
  kills: number;
  /** How long a phase waits for its runs to end after its last fault before calling them lost. */
  settleMs: number;
  /** Processor-days of the load phase (days × 3 processors). */
  loadDays: number;
}

const USAGE = `usage: pnpm test:chaos [--quick] [--phases ${PHASES.join(",")}] [--kills n] [--settle-seconds n] [--load-days n]
  --quick            every phase except the 120 s Postgres outage
  --phases a,b       only these phases (also CHAOS_PHASES)
  --settle-seconds   how long runs may take to end after the last fault (default 300; CHAOS_SETTLE_SECONDS)`;

function wholeNumber(flag: string, value: string | undefined): number {
  if (value === undefined || !/^\d+$/.test(value)) throw new Error(`${flag} needs a whole number\n${USAGE}`);
  return Number(value);
}

function parsePhases(list: string): Phase[] {
  const names = list.split(",").map((name) => name.trim()).filter(Boolean);
  for (const name of names) {
    if (!(PHASES as readonly string[]).includes(name)) throw new Error(`unknown phase "${name}"\n${USAGE}`);
  }
  return PHASES.filter((phase) => names.includes(phase));
}

export function parseChaosOptions(argv: string[]): ChaosOptions {
  let phases: Phase[] = [...PHASES];
  let quick = false;
  let kills = 20;
  let settleSeconds = wholeNumber("CHAOS_SETTLE_SECONDS", settleSecondsFromEnv() ?? "300");
  let loadDays = 20;
  let explicitPhases = phasesFromEnv();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === "--") continue;
    else if (arg === "--quick") quick = true;
    else if (arg === "--phases") explicitPhases = argv[++i] ?? "";
    else if (arg === "--kills") kills = wholeNumber(arg, argv[++i]);
    else if (arg === "--settle-seconds") settleSeconds = wholeNumber(arg, argv[++i]);
    else if (arg === "--load-days") loadDays = wholeNumber(arg, argv[++i]);
    else throw new Error(`unknown argument "${arg}"\n${USAGE}`);
  }
  if (explicitPhases !== undefined) phases = parsePhases(explicitPhases);
  if (quick) phases = phases.filter((phase) => phase !== "pg-120s");
  return { phases, kills, settleMs: settleSeconds * 1_000, loadDays };
}
