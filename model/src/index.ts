/**
 * @firecall/model: what the web app and the functions share, so a field, a status, a limit or an
 * error reason is named in one place. Platform-neutral (no Node and no browser-only APIs): the
 * web bundle and the functions' bundle both inline it.
 */
export * from "./call-id.js";
export * from "./call-model.js";
export * from "./collections.js";
export * from "./errors.js";
export * from "./ics.js";
export * from "./plain-text.js";
export * from "./quota.js";
export * from "./signal-codec.js";
export * from "./start-time.js";
