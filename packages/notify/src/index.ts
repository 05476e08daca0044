export {
  buildRunAlert,
  truncateError,
  MAX_ERROR_LENGTH,
  type AlertRunInput,
  type AlertCurrencyTotals,
  type RunAlert,
} from "./run-alert";
export { moneyLines } from "./money-lines";
export { buildSlackMessage, escapeSlack, type SlackMessage, type SlackBlock } from "./slack-message";
export { buildEmailMessage, escapeHtml, type EmailMessage } from "./email-message";
export { createSlackSender, type SlackSender, type SlackSenderOptions } from "./slack-sender";
export {
  createEmailSender,
  parseRecipients,
  type EmailSender,
  type EmailSenderOptions,
} from "./email-sender";
