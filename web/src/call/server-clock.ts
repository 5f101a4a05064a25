/**
 * The server's clock as seen from this device: one round trip to the serverTime function, taking
 * the middle of the trip as the moment the server read its clock. Countdowns use this, so a
 * device whose clock is wrong still counts down to the real start.
 */
export class ServerClock {
  constructor(private readonly offsetMs: number) {}

  static async measure(serverNow: () => Promise<number>, localNow: () => number = Date.now): Promise<ServerClock> {
    const sent = localNow();
    const server = await serverNow();
    const received = localNow();
    return new ServerClock(server - (sent + received) / 2);
  }

  now(localNow: number = Date.now()): number {
    return localNow + this.offsetMs;
  }

  get offset(): number {
    return this.offsetMs;
  }
}
