// Test-only bridge to the sandbox emulators. @recon/connectors does not depend on
// @recon/sandbox yet (adding it needs a reinstall); once `"@recon/sandbox": "workspace:*"` is a
// devDependency, tests should import "@recon/sandbox" and this file goes away.
export * from "../../sandbox/src/index";
