export { startNotifyWorker } from "./start";
export { runAlert, alertInputOf, type RunAlert, type ReportLink } from "./run-alert";
export { notifySendHandler, type NotifySendOptions } from "./notify-send.job";
export { channelConsumer, type AlertDeliveryProgress, type ChannelOutcome } from "./channel-delivery";
export { DEFAULT_REPORT_WAIT, type ReportWait } from "./report-readiness";
export { alertChannelsFromConfig, type AlertChannel } from "./channels";
