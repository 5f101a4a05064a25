import type { CDPSession, Page } from "playwright-core";

/**
 * Reads a page without giving it a user activation. Playwright runs `page.evaluate` (and with it
 * `waitForFunction` and every locator) through CDP with `userGesture: true`, which the browser
 * counts as a click: after one, Chromium's autoplay policy lets the page play sound. CDP's
 * `Runtime.evaluate` without that flag reads the page as it is, so a test of what a page that
 * nobody clicked may do reads it through here until the click it means to test.
 */
export class UntouchedPage {
  private constructor(
    readonly page: Page,
    private readonly cdp: CDPSession,
  ) {}

  /** Open before the page navigates: the session follows it to every document it loads. */
  static async open(page: Page): Promise<UntouchedPage> {
    return new UntouchedPage(page, await page.context().newCDPSession(page));
  }

  /** The value of `expression` (awaited if it is a promise), in the page's main world. */
  async read<T>(expression: string): Promise<T> {
    const { result, exceptionDetails } = await this.cdp.send("Runtime.evaluate", {
      expression,
      returnByValue: true,
      awaitPromise: true,
    });
    if (exceptionDetails)
      throw new Error(`${expression}: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    return result.value as T;
  }

  /** Polls `expression` until `check` holds (bounded by `timeout`); returns the value that passed. */
  async until<T>(expression: string, check: (value: T) => boolean, what: string, timeout = 20_000): Promise<T> {
    const deadline = Date.now() + timeout;
    let last: T | undefined;
    while (Date.now() < deadline) {
      last = await this.read<T>(expression);
      if (check(last)) return last;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${what} did not happen within ${timeout} ms; last seen: ${JSON.stringify(last)}`);
  }
}
