import { PROCESSORS, type Processor, type Source } from "@recon/domain";
import { adyenModule } from "./adyen";
import { ledgerModule } from "./ledger";
import { paypalModule } from "./paypal";
import type { ProcessorModule } from "./source-module";
import { squareModule } from "./square";
import { stripeModule } from "./stripe";

/**
 * Every processor's module. Typed against domain's PROCESSORS, so a processor added to that list
 * without a module here, or a module missing a part, does not compile. Adding a processor is one
 * folder beside these and one line here (docs/architecture.md, "Where a change goes").
 */
export const PROCESSOR_MODULES = {
  stripe: stripeModule,
  paypal: paypalModule,
  square: squareModule,
  adyen: adyenModule,
} satisfies { [P in Processor]: ProcessorModule & { processor: P } };

export { ledgerModule };

/** The processors in the fleet's default order (domain's list), with their modules. */
export const processorModules: readonly ProcessorModule[] = PROCESSORS.map((processor) => PROCESSOR_MODULES[processor]);

/** "Stripe", "the ledger": how messages and docs name a source. */
export function sourceTitle(source: Source): string {
  return source === "internal" ? "the ledger" : PROCESSOR_MODULES[source].title;
}
