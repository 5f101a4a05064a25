// Prepares the environment firebase-tools needs to run the emulators on a machine without internet.
//
// firebase-tools downloads its Firestore emulator jar on first use. Where that download is
// impossible but the Debian/apt package google-cloud-cli-firestore-emulator is installed, we run
// the jar that package ships instead. That jar has no Main-Class, so `java -jar` (which is how
// firebase-tools starts it) fails; a tiny wrapper jar whose manifest names the main class and puts
// the real jar on its Class-Path fixes that. Elsewhere we change nothing and firebase-tools falls
// back to its normal download.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const PROJECT_ID = process.env.GCLOUD_PROJECT ?? "demo-firecall";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cacheDir = join(root, ".cache", "emulators");

const SDK = "/usr/lib/google-cloud-sdk/platform";
const FIRESTORE_JAR = `${SDK}/cloud-firestore-emulator/cloud-firestore-emulator.jar`;
const FIRESTORE_MAIN = "com.google.cloud.datastore.emulator.firestore.CloudFirestore";
const PUBSUB_BIN = `${SDK}/pubsub-emulator/bin/cloud-pubsub-emulator`;

function wrapperJar(realJar, mainClass, name) {
  const out = join(cacheDir, `${name}.jar`);
  if (existsSync(out)) return out;
  mkdirSync(cacheDir, { recursive: true });
  const manifest = join(cacheDir, `${name}.MF`);
  // Class-Path entries are URLs relative to the wrapper jar, or absolute file URLs.
  writeFileSync(manifest, `Main-Class: ${mainClass}\nClass-Path: ${pathToFileURL(realJar).href}\n`);
  execFileSync("jar", ["cfm", out, manifest]);
  return out;
}

/** Environment variables to add when spawning firebase-tools. */
export function emulatorEnv() {
  const env = {};
  if (!process.env.FIRESTORE_EMULATOR_BINARY_PATH && existsSync(FIRESTORE_JAR)) {
    env.FIRESTORE_EMULATOR_BINARY_PATH = wrapperJar(FIRESTORE_JAR, FIRESTORE_MAIN, "firestore");
  }
  if (!process.env.PUBSUB_EMULATOR_BINARY_PATH && existsSync(PUBSUB_BIN)) {
    env.PUBSUB_EMULATOR_BINARY_PATH = PUBSUB_BIN;
  }
  return env;
}
