export { createCall } from "./callable/create-call.js";
export { openRoom } from "./callable/open-room.js";
