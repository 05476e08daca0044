// The breaks workbench: list (filters, buckets, paging), CSV export, a break's page, and the
// operators' resolve, reopen and bulk resolve. Every state change goes through @recon/db's one
// code path (the CLI's too), attributed to the signed-in person; the server refuses viewers.
import { BreakChangeError, BreaksFilterError, loadBreakDetail, readDatabaseMode, reopenBreak, resolveBreak, resolveBreaks, searchBreaks, streamBreaks } from "@recon/db";
import { Router, type Request, type Response } from "express";
import { requireRole, viewerOf } from "../auth/roles";
import { renderBreakDetailPage } from "../pages/breaks/break-detail-page";
import { breaksCsvHeader, breaksCsvLine } from "../pages/breaks/breaks-csv";
import { renderBreaksListPage } from "../pages/breaks/breaks-list-page";
import { BadQueryError, breaksQueryString, DEFAULT_QUERY, parseBreaksQuery, toSearchFilter, type BreaksQuery } from "../pages/breaks/breaks-query";
import { renderProblemPage } from "../web/problem-page";
import type { DashboardDeps } from "./dashboard-deps";

const BREAK_ID = /^\d{1,18}$/;
/** 400: bad input, 404: no such break, 409: a state change refused. */
const PROBLEM_TITLES: Record<number, string> = { 400: "Bad request", 404: "Not found", 409: "Not changed" };

function problem(response: Response, status: number, text: string, back = "/breaks"): void {
  const title = PROBLEM_TITLES[status] ?? "Problem";
  response.status(status).type("html").send(renderProblemPage(viewerOf(response), "breaks", title, text, { href: back, label: "Back to breaks" }));
}

/** The checked query, or undefined after answering 400 naming the bad value. */
function queryOf(request: Request, response: Response): BreaksQuery | undefined {
  try {
    return parseBreaksQuery(request.query);
  } catch (error) {
    if (!(error instanceof BadQueryError)) throw error;
    problem(response, 400, error.message);
    return undefined;
  }
}

function field(request: Request, name: string): string {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const value = body[name];
  return typeof value === "string" ? value : "";
}

/** The list's filters the bulk form came from (hidden field), so the redirect keeps them. */
function returnQuery(request: Request): BreaksQuery {
  try {
    return parseBreaksQuery(Object.fromEntries(new URLSearchParams(field(request, "return"))));
  } catch {
    return DEFAULT_QUERY;
  }
}

const LIST_NOTICES: Record<string, (count: number) => string> = {
  resolved: (count) => `${count} ${count === 1 ? "break" : "breaks"} resolved`,
};
const DETAIL_NOTICES: Record<string, string> = { resolved: "Break resolved", reopened: "Break reopened" };

function countOf(request: Request): number {
  const count = request.query.count;
  return typeof count === "string" && /^\d{1,6}$/.test(count) ? Number(count) : 0;
}

/** A state change refused by the store: 404 for an unknown break, 409 for one already in that state. */
function changeRefused(response: Response, error: unknown, back: string): void {
  if (!(error instanceof BreakChangeError)) throw error;
  const status = error.message.includes("not found") && error.ids.length > 0 ? 404 : error.ids.length > 0 ? 409 : 400;
  problem(response, status, error.message, back);
}

/** Breaks carry no mode of their own: the database they live in was claimed by the sandbox or by a real fleet. */
async function holdsSandboxData(deps: DashboardDeps): Promise<boolean> {
  return (await readDatabaseMode(deps.db.pool)) === "sandbox";
}

export function breaksRoutes(deps: DashboardDeps): Router {
  const router = Router();

  router.get("/breaks", async (request, response) => {
    const query = queryOf(request, response);
    if (query === undefined) return;
    try {
      const result = await searchBreaks(deps.db, toSearchFilter(query));
      const done = typeof request.query.done === "string" ? LIST_NOTICES[request.query.done] : undefined;
      const notice = done ? { notice: { kind: "done" as const, text: done(countOf(request)) } } : {};
      const sandbox = await holdsSandboxData(deps);
      response.type("html").send(renderBreaksListPage({ viewer: viewerOf(response), query, result, sandbox, ...notice }));
    } catch (error) {
      if (!(error instanceof BreaksFilterError)) throw error;
      problem(response, 400, error.message);
    }
  });

  router.get("/breaks.csv", async (request, response) => {
    const query = queryOf(request, response);
    if (query === undefined) return;
    let rows: AsyncGenerator<Awaited<ReturnType<typeof searchBreaks>>["rows"][number]>;
    try {
      rows = await streamBreaks(deps.db, toSearchFilter(query));
    } catch (error) {
      if (!(error instanceof BreaksFilterError)) throw error;
      return problem(response, 400, error.message);
    }
    response.status(200).type("text/csv; charset=utf-8").set("Content-Disposition", 'attachment; filename="breaks.csv"');
    response.write(breaksCsvHeader());
    try {
      for await (const row of rows) {
        // Respect backpressure: a slow download does not pile rows up in memory.
        if (!response.write(breaksCsvLine(row))) await new Promise((resolve) => response.once("drain", resolve));
      }
      response.end();
    } catch (error) {
      // Headers are sent: cut the download short so it cannot pass for a complete file.
      response.destroy(error as Error);
    }
  });

  router.get("/breaks/:id", async (request, response) => {
    const id = request.params.id;
    const detail = BREAK_ID.test(id) ? await loadBreakDetail(deps.db, id) : null;
    if (detail === null) return problem(response, 404, `no break with id "${id}"`);
    const done = typeof request.query.done === "string" ? DETAIL_NOTICES[request.query.done] : undefined;
    const sandbox = await holdsSandboxData(deps);
    response.type("html").send(renderBreakDetailPage(viewerOf(response), detail, sandbox, done ? { kind: "done", text: done } : undefined));
  });

  router.post("/breaks/resolve", requireRole("operator"), async (request, response) => {
    const back = `/breaks${breaksQueryString(returnQuery(request))}`;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const raw = body.ids;
    const ids = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((id): id is string => typeof id === "string");
    const note = field(request, "note");
    if (ids.length === 0) return problem(response, 400, "no break selected: tick at least one break to resolve", back);
    if (note.trim() === "") return problem(response, 400, "a note is required: say why the breaks are resolved (nothing was changed)", back);
    try {
      const resolved = await resolveBreaks(deps.db, { ids, note, actor: viewerOf(response).actor });
      response.redirect(303, `${back}${back.includes("?") ? "&" : "?"}done=resolved&count=${resolved.length}`);
    } catch (error) {
      changeRefused(response, error, back);
    }
  });

  for (const action of ["resolve", "reopen"] as const) {
    router.post(`/breaks/:id/${action}`, requireRole("operator"), async (request, response) => {
      const id = request.params.id as string;
      if (!BREAK_ID.test(id)) return problem(response, 404, `no break with id "${id}"`);
      const back = `/breaks/${id}`;
      const note = field(request, "note");
      if (note.trim() === "") return problem(response, 400, `a note is required: say why you ${action} the break (nothing was changed)`, back);
      try {
        const change = { id, note, actor: viewerOf(response).actor };
        await (action === "resolve" ? resolveBreak(deps.db, change) : reopenBreak(deps.db, change));
        response.redirect(303, `${back}?done=${action === "resolve" ? "resolved" : "reopened"}`);
      } catch (error) {
        changeRefused(response, error, back);
      }
    });
  }

  return router;
}
