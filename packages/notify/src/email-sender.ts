import nodemailer from "nodemailer";
import type { EmailMessage } from "./email-message";

/** SMTP settings. */
export interface EmailSenderOptions {
  /** nodemailer connection URL: smtp://user:pass@host:587, smtps://... */
  smtpUrl: string;
  from: string;
  /** Recipients. */
  to: readonly string[];
}

export interface EmailSender {
  /**
   * Sends one email. `messageId` should be deterministic per (event, channel) so that if a crash
   * ever makes us send twice, mail systems that deduplicate by Message-ID see the same message.
   */
  send(message: EmailMessage, messageId: string): Promise<void>;
  close(): void;
}

/** Parses ALERT_EMAIL_TO ("a@x, b@y"); refuses an empty list. */
export function parseRecipients(value: string): string[] {
  const list = value
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
  if (list.length === 0) throw new Error("ALERT_EMAIL_TO has no recipient");
  return list;
}

export function createEmailSender(options: EmailSenderOptions): EmailSender {
  const transport = nodemailer.createTransport(options.smtpUrl);
  return {
    async send(message, messageId) {
      await transport.sendMail({
        from: options.from,
        to: [...options.to],
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId,
      });
    },
    close() {
      transport.close();
    },
  };
}
