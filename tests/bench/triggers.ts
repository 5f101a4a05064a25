// Switches the Functions emulator's background triggers (Firestore, Pub/Sub) off and on, through the
// Emulator Hub: the same switch @firebase/rules-unit-testing's withFunctionTriggersDisabled uses.
// While off, the emulator still receives each event and drops it without running the function.
const HUB = `http://${process.env.FIREBASE_EMULATOR_HUB ?? "127.0.0.1:4400"}`;

export async function setBackgroundTriggers(enabled: boolean): Promise<void> {
  const path = enabled ? "enableBackgroundTriggers" : "disableBackgroundTriggers";
  const response = await fetch(`${HUB}/functions/${path}`, { method: "PUT", signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
}
