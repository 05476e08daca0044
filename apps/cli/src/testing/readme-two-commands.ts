// Test-only: what the README's "## Two commands" section tells a reader to type and what it says
// they will see, read from the markdown so the walk-through test checks the README as written.

/** A fenced block of markdown: its info string ("sh", or "" for none) and its text. */
interface FencedBlock {
  lang: string;
  text: string;
}

export interface TwoCommands {
  /** Each `&&`-separated step of the first `sh` block, in order. */
  firstCommandSteps: string[];
  /** The `pnpm recon run …` step of the first command: the one whose output the README shows. */
  runCommand: string;
  /** The first block without a language after the first command: the output shown, lines as written. */
  sampleOutput: string;
  /** The second `sh` block, one command. */
  secondCommand: string;
}

/** The text under `## <heading>`, up to the next `## ` heading. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README.md has no "## ${heading}" section`);
  const end = markdown.indexOf("\n## ", start + 1);
  return end < 0 ? markdown.slice(start) : markdown.slice(start, end);
}

function fencedBlocks(markdown: string): FencedBlock[] {
  return [...markdown.matchAll(/^```([^\n`]*)\n([\s\S]*?)^```$/gm)].map((m) => ({
    lang: m[1]!.trim(),
    text: m[2]!,
  }));
}

/** Reads the commands and the sample output of the README's "## Two commands" section. */
export function readTwoCommands(readme: string): TwoCommands {
  const blocks = fencedBlocks(section(readme, "Two commands"));
  const shellBlocks = blocks.filter((block) => block.lang === "sh");
  const first = shellBlocks[0];
  const second = shellBlocks[1];
  if (!first || !second)
    throw new Error('"## Two commands" must hold two ```sh blocks: the first command and the test command');
  const firstIndex = blocks.indexOf(first);
  const sample = blocks.slice(firstIndex + 1).find((block) => block.lang === "");
  if (!sample)
    throw new Error(
      '"## Two commands" shows no sample output (a ``` block without a language) after the first command',
    );
  const firstCommandSteps = first.text
    .trim()
    .split("&&")
    .map((step) => step.trim());
  const runCommand = firstCommandSteps.find((step) => step.startsWith("pnpm recon run "));
  if (!runCommand) throw new Error(`the first command has no "pnpm recon run" step: ${first.text.trim()}`);
  return { firstCommandSteps, runCommand, sampleOutput: sample.text, secondCommand: second.text.trim() };
}
