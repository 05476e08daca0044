import type { FleetContext } from "@recon/fleet";
import { defineWorker } from "@recon/queue";
import { s3ReportStoreFromConfig } from "@recon/reports";
import type { Worker } from "bullmq";
import { alertChannelsFromConfig } from "./channels";
import { notifySendHandler, type NotifySendOptions } from "./notify-send.job";

/** Starts the notify worker; channels and S3 come from the configuration unless given in `options`. */
export function startNotifyWorker(ctx: FleetContext, options: Partial<NotifySendOptions> = {}): Worker {
  const handlerOptions: NotifySendOptions = {
    ...options,
    channels: options.channels ?? alertChannelsFromConfig(ctx.config),
    s3: options.s3 ?? s3ReportStoreFromConfig(ctx.config),
  };
  const worker = defineWorker(
    "notify",
    { "notify.send": notifySendHandler(ctx, handlerOptions) },
    {
      connection: ctx.workerConnection,
      prefix: ctx.config.QUEUE_PREFIX,
      logger: ctx.logger,
      concurrency: ctx.config.WORKER_CONCURRENCY,
    },
  );
  // SMTP connections belong to this worker: release them when it closes.
  worker.on("closed", () => handlerOptions.channels.forEach((channel) => channel.close()));
  return worker;
}
