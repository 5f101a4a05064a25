/**
 * The server's clock as seen from this device: one round trip to the serverTime function, taking
 * the middle of the trip as the moment the server read its clock. Countdowns use this, so a
 * device whose clock is wrong still counts down to the real start.
 */
export class ServerClock {
  constructor(private readonly offsetMs: number) {}

  /**
   * Takes `samples` readings and keeps the one with the shortest round trip: the first call may
   * include a cold start, which makes the trip lopsided (the server reads its clock near the end)
   * and the midpoint estimate wrong by up to half of it.
   */
  static async measure(
    serverNow: () => Promise<number>,
    localNow: () => number = Date.now,
    samples = 3,
  ): Promise<ServerClock> {
    let best = { roundTrip: Infinity, offset: 0 };
    for (let i = 0; i < samples; i++) {
      const sent = localNow();
      const server = await serverNow();
      const received = localNow();
      if (received - sent < best.roundTrip)
        best = { roundTrip: received - sent, offset: server - (sent + received) / 2 };
    }
    return new ServerClock(best.offset);
  }

  now(localNow: number = Date.now()): number {
    return localNow + this.offsetMs;
  }

  get offset(): number {
    return this.offsetMs;
  }
}
