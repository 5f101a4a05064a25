// The back channel of a WebChannel stream (GET ...&TYPE=xmlhttp, and the first POST's answer):
// `<length>\n<JSON>` chunks, the length in UTF-16 code units, JSON = [[arrayId, [message...]], ...].
import { StringDecoder } from "node:string_decoder";

/**
 * Incremental parser of WebChannel back-channel bodies: `<length>\n<JSON>` repeated, the length in
 * UTF-16 code units of the JSON text (WebChannel measures responseText.length). Anything that does not
 * look like that framing stops the parser; the bytes still pass through.
 */
export class WebChannelChunkParser {
  private buffer = "";
  private broken = false;
  private readonly decoder = new StringDecoder("utf8");

  constructor(private readonly onChunk: (chunk: unknown) => void) {}

  push(bytes: Buffer): void {
    if (this.broken) return;
    this.buffer += this.decoder.write(bytes);
    for (;;) {
      const newline = this.buffer.indexOf("\n");
      if (newline < 0) {
        if (!/^\d{0,12}$/.test(this.buffer)) this.broken = true;
        return;
      }
      const lengthText = this.buffer.slice(0, newline);
      if (!/^\d{1,12}$/.test(lengthText)) {
        this.broken = true;
        return;
      }
      const length = Number(lengthText);
      if (this.buffer.length < newline + 1 + length) return;
      const text = this.buffer.slice(newline + 1, newline + 1 + length);
      this.buffer = this.buffer.slice(newline + 1 + length);
      let chunk: unknown;
      try {
        chunk = JSON.parse(text);
      } catch {
        this.broken = true;
        return;
      }
      this.onChunk(chunk);
    }
  }
}
