// Turns a phase's end state into figures and findings: which runs ended and how, whether their
// outcomes equal the undisturbed baseline, and how many alerts and report sets each produced.
import type { SlackRecorder, SmtpSink } from "@recon/notify/testing";
import type { S3TestServer } from "@recon/reports/testing";
import type { Pool } from "pg";
import type { Baseline } from "./baseline";
import { deliveriesOf, REPORT_FILES_PER_RUN } from "./deliveries";
import { readOutcome, runLabel, type RunKey, type Settlement } from "./run-outcomes";

export interface RunFigures {
  runs: number;
  completed: number;
  failedAndAlerted: number;
  lost: number;
  outcomeMismatches: number;
  /** Runs whose alert count on a channel is not exactly one. */
  emailNotOne: number;
  slackNotOne: number;
  emails: number;
  slackMessages: number;
  /** Completed runs without their full report set in the bucket. */
  reportSetsMissing: number;
  /** One line per problem found, naming the run. */
  findings: string[];
}

export interface EvaluateInput {
  pool: Pool;
  runs: readonly RunKey[];
  settled: Map<string, Settlement>;
  /** Absent for the load phase, which only counts. */
  baseline: Baseline | undefined;
  sinks: { smtp: SmtpSink; slack: SlackRecorder; s3: S3TestServer };
}

export async function evaluateRuns(input: EvaluateInput): Promise<RunFigures> {
  const figures: RunFigures = {
    runs: input.runs.length,
    completed: 0,
    failedAndAlerted: 0,
    lost: 0,
    outcomeMismatches: 0,
    emailNotOne: 0,
    slackNotOne: 0,
    emails: 0,
    slackMessages: 0,
    reportSetsMissing: 0,
    findings: [],
  };
  for (const run of input.runs) {
    const label = runLabel(run);
    const settlement = input.settled.get(label) ?? "no run row";
    const delivered = await deliveriesOf(run, input.sinks);
    figures.emails += delivered.email;
    figures.slackMessages += delivered.slack;
    if (delivered.email !== 1) {
      figures.emailNotOne += 1;
      figures.findings.push(`${label}: ${delivered.email} emails (want 1)`);
    }
    if (delivered.slack !== 1) {
      figures.slackNotOne += 1;
      figures.findings.push(`${label}: ${delivered.slack} Slack messages (want 1)`);
    }
    if (settlement === "completed") {
      figures.completed += 1;
      if (delivered.reportFiles !== REPORT_FILES_PER_RUN) {
        figures.reportSetsMissing += 1;
        figures.findings.push(`${label}: ${delivered.reportFiles} of ${REPORT_FILES_PER_RUN} report files`);
      }
      const expected = input.baseline?.get(label);
      if (expected) {
        const actual = await readOutcome(input.pool, run);
        const sameFigures = actual?.figures === expected.figures;
        const sameKeys = JSON.stringify(actual?.discrepancyKeys) === JSON.stringify(expected.discrepancyKeys);
        if (!sameFigures || !sameKeys) {
          figures.outcomeMismatches += 1;
          figures.findings.push(`${label}: outcome differs from the undisturbed run (${sameFigures ? "discrepancy rows" : `${actual?.figures} vs ${expected.figures}`})`);
        }
      }
    } else if (settlement === "failed-alerted") {
      figures.failedAndAlerted += 1;
      const actual = await readOutcome(input.pool, run);
      figures.findings.push(`${label}: failed and alerted (${actual?.errorMessage ?? "no error message"})`);
      if (delivered.failedAlerts === 0) figures.findings.push(`${label}: failed, but no run.failed alert arrived`);
    } else {
      figures.lost += 1;
      figures.findings.push(`${label}: LOST (${settlement} at the deadline)`);
    }
  }
  return figures;
}
