/** The time, as a port: the domain never reads the clock, the application asks this. */
export interface Clock {
  now(): Date;
}
