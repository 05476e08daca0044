import type { AddressInfo } from "node:net";
import { eventually } from "@recon/testing";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface ReceivedEmail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

/** A real SMTP server on 127.0.0.1 (random port) that keeps every message it accepts. */
export interface SmtpSink {
  /** The connection URL, credentials included when the sink demands them. */
  url: string;
  messages: ReceivedEmail[];
  /** Logins refused so far (wrong credentials, or refused on purpose by rejectNextLogins). */
  refusedLogins: number;
  /** Refuses the next `n` logins, even with the right credentials (535), as a server having trouble. */
  rejectNextLogins(n: number): void;
  /** Resolves once at least `count` messages arrived (or rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedEmail[]>;
  close(): Promise<void>;
}

export interface SmtpSinkOptions {
  /** Demand a login (AUTH PLAIN or LOGIN, over plain text: loopback only) with these credentials. */
  credentials?: { user: string; password: string };
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: ReceivedEmail[] = [];
  const { credentials } = options;
  let toReject = 0;
  let refused = 0;
  const server = new SMTPServer({
    authOptional: !credentials,
    ...(credentials ? { allowInsecureAuth: true, authMethods: ["PLAIN", "LOGIN"] } : {}),
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth(auth, _session, callback) {
      const valid = credentials !== undefined && auth.username === credentials.user && auth.password === credentials.password;
      if (!valid || toReject > 0) {
        if (valid) toReject -= 1;
        refused += 1;
        callback(new Error("Authentication failed"));
        return;
      }
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.push({
            from: mail.from?.text ?? "",
            to: (session.envelope.rcptTo ?? []).map((rcpt) => rcpt.address),
            subject: mail.subject ?? "",
            text: mail.text ?? "",
            html: typeof mail.html === "string" ? mail.html : "",
            messageId: mail.messageId ?? "",
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  const login = credentials ? `${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@` : "";
  return {
    url: `smtp://${login}127.0.0.1:${port}`,
    messages,
    get refusedLogins() {
      return refused;
    },
    rejectNextLogins(n) {
      toReject = n;
    },
    async waitFor(count, timeoutMs = 30_000) {
      await eventually(`the SMTP sink to receive ${count} messages`, () => messages.length >= count, { timeoutMs });
      return messages;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
