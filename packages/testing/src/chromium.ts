/** Debian's Chromium (`apt-get install chromium`): the browser tests never download one. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Headless, no sandbox (tests run as root), nothing that reaches the network on its own. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
