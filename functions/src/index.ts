export { createCall } from "./callable/create-call.js";
export { openRoom } from "./callable/open-room.js";
export { getIceServers } from "./callable/get-ice-servers.js";
