/**
 * `scheme://user:password@` anywhere in a text (a log line, an error message quoting a connection
 * string): the password part, up to the `@`. Stops at whitespace, quotes and `/`, so it stays
 * inside one URL even in a JSON line.
 */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s/@:"'<>]*:)[^\s/@"'<>]+@/gi;

/**
 * The text with the password of every URL in it masked (`postgresql://recon:***@db/recon`). A
 * safety net under the field-name redaction of the logger: libraries quote connection strings in
 * their error messages, and a message is free text no redaction path can name.
 */
export function maskUrlCredentials(text: string): string {
  return text.replace(URL_PASSWORD, "$1***@");
}
