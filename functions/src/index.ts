export { createCall } from "./callable/create-call.js";
export { endCall } from "./callable/end-call.js";
export { getIceServers } from "./callable/get-ice-servers.js";
export { openRoom } from "./callable/open-room.js";
export { scheduleCall } from "./callable/schedule-call.js";
export { serverTime } from "./callable/server-time.js";
export { lifecycleSweep } from "./schedules/lifecycle-sweep.js";
export { onSignalWritten } from "./triggers/on-signal-written.js";
