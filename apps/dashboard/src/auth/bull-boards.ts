import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import type { QueueSet } from "@recon/queue";
import type { RequestHandler, Router } from "express";
import { hasRole, viewerOf } from "./roles";

function board(queues: QueueSet, readOnly: boolean): Router {
  const adapter = new ExpressAdapter();
  adapter.setBasePath("/queues");
  createBullBoard({
    queues: Object.values(queues.queues).map((queue) => new BullMQAdapter(queue, { readOnlyMode: readOnly, allowRetries: !readOnly })),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: readOnly ? "recon (read-only)" : "recon" } },
  });
  return adapter.getRouter() as Router;
}

/**
 * Bull Board at /queues, one per kind of person: viewers get a read-only board (no retry, promote,
 * clean or remove buttons, and its API refuses them too), operators and admins the full one.
 * Mount under "/queues" after authentication.
 */
export function bullBoardsByRole(queues: QueueSet): RequestHandler {
  const readOnlyBoard = board(queues, true);
  const fullBoard = board(queues, false);
  return (request, response, next) => {
    const chosen = hasRole(viewerOf(response), "operator") ? fullBoard : readOnlyBoard;
    chosen(request, response, next);
  };
}
