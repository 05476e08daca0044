export { startNotifyWorker } from "./start";
export { runAlert, alertInputOf, type RunAlert, type ReportLink } from "./run-alert";
export { notifySendHandler, channelConsumer, type NotifySendOptions } from "./notify-send.job";
export { alertChannelsFromConfig, type AlertChannel } from "./channels";
