import { runOnce } from "@recon/db";
import type { FleetContext } from "@recon/fleet";
import type { AlertChannel } from "./channels";
import type { RunAlert } from "./run-alert";

/** The processed_events consumer that marks one channel's message for one event as sent. */
export function channelConsumer(channel: AlertChannel["name"]): string {
  return `notify.${channel}`;
}

/** One channel's outcome for one event, as the notify job reports it in its progress. */
export type ChannelOutcome = { status: "delivered" } | { status: "failed"; error: string };

/** The notify job's progress: every configured channel's latest outcome (read by `recon run`). */
export interface AlertDeliveryProgress {
  channels: Record<string, ChannelOutcome>;
}

/**
 * Sends the alert on every channel that has not had it yet, each inside
 * runOnce(`notify.<channel>`, eventId) (see notifySendHandler for the guarantee). Every channel is
 * tried even when another fails, so a Slack outage never holds back the email; the caller fails
 * the job afterwards and the retry only repeats the channels without a marker.
 * @returns each channel's outcome and the channels this call sent (not those sent before).
 */
export async function deliverOnEveryChannel(
  ctx: FleetContext,
  channels: readonly AlertChannel[],
  alert: RunAlert,
  eventId: string,
): Promise<{ outcomes: Record<string, ChannelOutcome>; sent: string[] }> {
  const outcomes: Record<string, ChannelOutcome> = {};
  const sent: string[] = [];
  for (const channel of channels) {
    try {
      const outcome = await runOnce(ctx.db, channelConsumer(channel.name), eventId, async () => {
        await channel.send(alert, eventId);
      });
      if (outcome.ran) sent.push(channel.name);
      outcomes[channel.name] = { status: "delivered" };
    } catch (error) {
      outcomes[channel.name] = { status: "failed", error: (error as Error).message };
    }
  }
  return { outcomes, sent };
}
