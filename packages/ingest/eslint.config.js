export { default } from "@recon/eslint-config";
