// Its own module so partition results and run figures can both name it without importing each other.
/** Records of one currency and the sum of their |gross|, minor units. */
export interface CurrencyVolume {
  count: number;
  volumeMinor: bigint;
}
