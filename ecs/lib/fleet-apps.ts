/**
 * The fleet as ECS runs it: one entry per long-running app of the one `recon` image, with the
 * container command (the image's entrypoint takes the app's name, docker/entrypoint.sh), its
 * Fargate size and, for the queue workers, the queue whose backlog scales it.
 */

/** The BullMQ queues whose workers scale on their backlog (the scheduler's `trigger` does not). */
export const WORKER_QUEUES = ["fetch", "reconcile", "report", "notify"] as const;
export type WorkerQueue = (typeof WORKER_QUEUES)[number];

export const SERVICE_APPS = ["scheduler", "fetch-worker", "reconcile-worker", "report-worker", "notify-worker", "dashboard", "slack-bot"] as const;
export type ServiceApp = (typeof SERVICE_APPS)[number];

export interface ServiceAppSpec {
  /** Container command: the image's entrypoint runs `/app/apps/<name>/dist/main.js`. */
  command: string[];
  /** Fargate task size: vCPU units (256 = 0.25 vCPU) and MiB, a valid Fargate pair. */
  cpu: number;
  memoryMiB: number;
  /** The queue this app's workers consume, for autoscaling; undefined for apps that never scale. */
  queue?: WorkerQueue;
  /** The port the ALB sends traffic to (DASHBOARD_PORT, SLACK_PORT); undefined: no load balancer. */
  httpPort?: number;
}

/**
 * Sizes follow k8s/ (requests 0.25 vCPU, limits 768 Mi): Fargate's smallest task (0.25 vCPU,
 * 512 MiB) for the light apps, and 0.5 vCPU / 1 GiB for the reconcile worker, whose V8 heap is
 * capped at 320 MB (NODE_OPTIONS, packages/reconciliation/src/heap-limit.ts) and peaks near 420 MB
 * RSS on the largest day measured (heap-limit.ts), and for the report worker, which renders
 * a day's reports in memory.
 */
export const SERVICE_APP_SPECS: Record<ServiceApp, ServiceAppSpec> = {
  scheduler: { command: ["scheduler"], cpu: 256, memoryMiB: 512 },
  "fetch-worker": { command: ["fetch-worker"], cpu: 256, memoryMiB: 512, queue: "fetch" },
  "reconcile-worker": { command: ["reconcile-worker"], cpu: 512, memoryMiB: 1024, queue: "reconcile" },
  "report-worker": { command: ["report-worker"], cpu: 512, memoryMiB: 1024, queue: "report" },
  "notify-worker": { command: ["notify-worker"], cpu: 256, memoryMiB: 512, queue: "notify" },
  dashboard: { command: ["dashboard"], cpu: 256, memoryMiB: 512, httpPort: 3000 },
  "slack-bot": { command: ["slack-bot"], cpu: 256, memoryMiB: 512, httpPort: 3001 },
};

/** One-shot tasks of the CLI: migrations before services roll, the daily audit check. */
export const MIGRATE_COMMAND = ["recon", "migrate"];
export const AUDIT_VERIFY_COMMAND = ["recon", "audit", "verify"];
