export type { ProcessorModule, TypedProcessorModule, LedgerModule } from "./source-module";
export { defineProcessorModule } from "./source-module";
export { builtinEmulator, type BuiltinEmulator } from "./builtin-emulator";
export { PROCESSOR_MODULES, processorModules, ledgerModule, sourceTitle } from "./registry";
export { sourcesEnv, rateSetting, fetchRateOf, credentialsOf, blankSourceSettings, SOURCE_LOCATION_SETTINGS, SOURCE_SECRET_SETTINGS, type SourcesConfig } from "./source-settings";
export { CSV_FORMATS, csvFormatFor } from "./csv-formats";
export { startSourcesSandbox, SANDBOX_PLUGINS, type SourcesSandbox } from "./start-sources-sandbox";
export { createConnectors, hasCredentials, type SourceConnectors } from "./create-connectors";
