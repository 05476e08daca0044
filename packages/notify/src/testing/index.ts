// Test helpers for other packages' tests (not for production code): loopback SMTP and Slack servers.
export { startSmtpSink, type SmtpSink, type SmtpSinkOptions, type ReceivedEmail } from "./smtp-sink";
export { startSlackRecorder, type SlackRecorder, type RecordedSlackCall } from "./slack-recorder";
