// The runs pages: the list (and its CSV), a run's page with its discrepancies (and their CSV,
// streamed), its report files, and the re-run with confirmation (operators only).
import { once } from "node:events";
import {
  listAllRuns,
  listRunsPage,
  loadRunAudit,
  loadRunSummary,
  parseAmountRange,
  RUN_STATUSES,
  runDiscrepancyCurrencies,
  searchRunDiscrepancies,
  streamRunDiscrepancies,
  type DiscrepancyFilter,
  type RunListRow,
  type RunsFilter,
} from "@recon/db";
import { DISCREPANCY_KINDS, isProcessor, PROCESSORS } from "@recon/domain";
import { requestRun } from "@recon/fleet";
import { Router, type Request, type Response } from "express";
import { requireRole, viewerOf } from "../auth/roles";
import { CSV_LINE_END, DISCREPANCIES_CSV_HEADER, discrepancyCsvLine, RUNS_CSV_HEADER, runCsvLine } from "../pages/runs/csv-export";
import { renderProblemPage } from "../web/problem-page";
import { dateParam, oneOf, pageParam, QueryError, single, type Query } from "../pages/runs/query-params";
import { renderRerunConfirmPage, renderRunPage, type DiscrepancyFilterText } from "../pages/runs/run-page";
import { renderRunsListPage } from "../pages/runs/runs-list-page";
import { asyncPage } from "./async-route";
import type { DashboardDeps } from "./dashboard-deps";
import { openReport } from "./report-file";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DEFAULT_FETCH_SLICES = 4;

function runsFilterOf(query: Query): RunsFilter {
  const filter: RunsFilter = {};
  const processor = oneOf(query, "processor", PROCESSORS);
  const status = oneOf(query, "status", RUN_STATUSES);
  const from = dateParam(query, "from");
  const to = dateParam(query, "to");
  if (processor !== undefined) filter.processor = processor;
  if (status !== undefined) filter.status = status;
  if (from !== undefined) filter.from = from;
  if (to !== undefined) filter.to = to;
  if (from !== undefined && to !== undefined && from > to) throw new QueryError(`from ${from} is after to ${to}`);
  return filter;
}

/** The filters as typed, validated: kind and currency from their lists, amounts parsed per currency. */
function discrepancyFilterOf(query: Query, currencies: string[]): { text: DiscrepancyFilterText; filter: DiscrepancyFilter } {
  const kind = oneOf(query, "kind", DISCREPANCY_KINDS);
  const currency = single(query, "currency")?.toUpperCase();
  if (currency !== undefined && !currencies.includes(currency)) {
    throw new QueryError(`currency "${currency}" is not a currency of this run: expected one of ${currencies.join(", ") || "(none)"}`);
  }
  const min = single(query, "min");
  const max = single(query, "max");
  const q = single(query, "q");
  // A range applies to each currency the listing can contain, in that currency's minor units.
  const amount = parseAmountRange(min, max, currency === undefined ? { currencies } : { currency });
  const filter: DiscrepancyFilter = {};
  if (kind !== undefined) filter.kind = kind;
  if (currency !== undefined) filter.currency = currency;
  if (amount !== undefined) filter.amount = amount;
  if (q !== undefined) filter.text = q;
  return { text: { kind, currency, min, max, q }, filter };
}

/**
 * The run's currencies: those of its figures, which count every discrepancy's currency (the
 * engine's computeFigures), read without scanning the run's rows; a run without figures yet is
 * asked of its stored discrepancies.
 */
async function currenciesOf(deps: DashboardDeps, run: RunListRow): Promise<string[]> {
  return run.figures.length > 0 ? run.figures.map((f) => f.currency) : runDiscrepancyCurrencies(deps.db, run.id);
}

function notFound(response: Response, what: string): void {
  response.status(404).type("html").send(renderProblemPage(viewerOf(response), "runs", "Not found", what, { href: "/runs", label: "All runs" }));
}

/** The run named by :id, or a 404 page (also for an id that is not a uuid). */
async function runOr404(deps: DashboardDeps, request: Request, response: Response): Promise<RunListRow | undefined> {
  const id = String(request.params.id);
  const run = UUID.test(id) ? await loadRunSummary(deps.db, id) : null;
  if (run === null) notFound(response, `No run ${id}.`);
  return run ?? undefined;
}

/** Writes a line, waiting while the socket's buffer is full so a big export never piles up in memory. */
async function writeLine(response: Response, line: string): Promise<void> {
  if (!response.write(line)) await once(response, "drain");
}

function csvHeaders(response: Response, name: string): void {
  response.status(200).type("text/csv; charset=utf-8").set("Content-Disposition", `attachment; filename="${name}"`);
}

const NOTICES: Record<string, string> = { rerun: "Re-run requested: the run is fetched and reconciled again." };

export function runsRoutes(deps: DashboardDeps): Router {
  const router = Router();

  router.get(
    "/runs",
    asyncPage("runs", async (request, response) => {
      const filter = runsFilterOf(request.query);
      const page = await listRunsPage(deps.db, filter, pageParam(request.query));
      response.type("html").send(renderRunsListPage(viewerOf(response), filter, page));
    }),
  );

  router.get(
    "/runs.csv",
    asyncPage("runs", async (request, response) => {
      const runs = await listAllRuns(deps.db, runsFilterOf(request.query));
      csvHeaders(response, "runs.csv");
      response.send(RUNS_CSV_HEADER + CSV_LINE_END + runs.map(runCsvLine).join(""));
    }),
  );

  router.get(
    "/runs/:id",
    asyncPage("runs", async (request, response) => {
      const run = await runOr404(deps, request, response);
      if (run === undefined) return;
      const currencies = await currenciesOf(deps, run);
      const { text, filter } = discrepancyFilterOf(request.query, currencies);
      const [discrepancies, audit] = await Promise.all([
        searchRunDiscrepancies(deps.db, run.id, filter, pageParam(request.query)),
        loadRunAudit(deps.db, run.id),
      ]);
      const done = single(request.query, "done");
      const notice = done !== undefined && NOTICES[done] ? { kind: "done" as const, text: NOTICES[done] } : undefined;
      response.type("html").send(renderRunPage({ viewer: viewerOf(response), run, currencies, filterText: text, discrepancies, audit, notice }));
    }),
  );

  router.get(
    "/runs/:id/discrepancies.csv",
    asyncPage("runs", async (request, response) => {
      const run = await runOr404(deps, request, response);
      if (run === undefined) return;
      const { filter } = discrepancyFilterOf(request.query, await currenciesOf(deps, run));
      csvHeaders(response, `discrepancies-${run.processor}-${run.runDate}.csv`);
      let closed = false;
      response.on("close", () => (closed = true));
      await writeLine(response, DISCREPANCIES_CSV_HEADER + CSV_LINE_END);
      for await (const row of streamRunDiscrepancies(deps.db, run.id, filter)) {
        // Leaving the loop closes the cursor and frees its connection.
        if (closed) break;
        await writeLine(response, discrepancyCsvLine(row));
      }
      response.end();
    }),
  );

  router.get(
    "/runs/:id/reports/:format",
    asyncPage("runs", async (request, response) => {
      const run = await runOr404(deps, request, response);
      if (run === undefined) return;
      const format = String(request.params.format);
      const location = Object.hasOwn(run.reports, format) ? run.reports[format] : undefined;
      if (location === undefined) return notFound(response, `The run ${run.processor} ${run.runDate} has no ${format} report.`);
      const answer = await openReport(location, deps.reports);
      if (answer.kind === "redirect") return response.redirect(302, answer.url);
      if (answer.kind === "missing") return notFound(response, answer.message);
      await new Promise<void>((resolve, reject) => response.sendFile(answer.path, { dotfiles: "allow" }, (error) => (error ? reject(error) : resolve())));
    }),
  );

  router.get(
    "/runs/:id/rerun",
    requireRole("operator"),
    asyncPage("runs", async (request, response) => {
      const run = await runOr404(deps, request, response);
      if (run === undefined) return;
      response.type("html").send(renderRerunConfirmPage(viewerOf(response), run));
    }),
  );

  router.post(
    "/runs/:id/rerun",
    requireRole("operator"),
    asyncPage("runs", async (request, response) => {
      const run = await runOr404(deps, request, response);
      if (run === undefined) return;
      if (!isProcessor(run.processor)) throw new Error(`run ${run.id} has an unknown processor "${run.processor}"`);
      const viewer = viewerOf(response);
      await requestRun(
        { queues: deps.queues, db: deps.db },
        { processor: run.processor, runDate: run.runDate, createdBy: viewer.actor, slices: deps.fetchSlices ?? DEFAULT_FETCH_SLICES },
      );
      response.redirect(303, `/runs/${run.id}?done=rerun`);
    }),
  );

  return router;
}
