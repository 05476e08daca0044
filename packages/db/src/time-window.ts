/** A half-open time range [start, end): a row at exactly `end` belongs to the next window. */
export interface TimeWindow {
  start: Date;
  end: Date;
}
