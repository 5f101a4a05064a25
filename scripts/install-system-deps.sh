#!/usr/bin/env bash
# System packages the tests need beyond Node, on Debian or Ubuntu: Java for the Firestore and Pub/Sub
# emulators, Debian's Chromium for the browser tests, coturn for the relay tests, iproute2 for the
# behind-NAT test. Installs only what is missing; safe to run again. `npm test` checks for the same
# parts (scripts/system-check.mjs) and names this script when one is missing.
set -euo pipefail

need=()
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jre-headless)
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || need+=(chromium)
# coturn: the TURN relay the local stack and the relay/NAT tests run; iproute2 for the NAT test.
[ -x "${TURNSERVER_PATH:-/usr/bin/turnserver}" ] || need+=(coturn)
command -v ip >/dev/null 2>&1 || need+=(iproute2)

# The emulator jars from Google's apt repository, for machines without internet (firebase-tools
# cannot download its own there). Where apt does not know them, firebase-tools downloads its jars
# on first use, which needs internet once.
optional=()
[ -f /usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar ] ||
  optional+=(google-cloud-cli-firestore-emulator)
# The Pub/Sub emulator: without it the Functions emulator does not load scheduled functions.
[ -x /usr/lib/google-cloud-sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator ] ||
  optional+=(google-cloud-cli-pubsub-emulator)

if [ ${#need[@]} -eq 0 ] && [ ${#optional[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "missing system packages: ${need[*]} ${optional[*]} (run this script as root: sudo bash $0)" >&2
  exit 1
fi
apt-get update -q
for pkg in "${optional[@]}"; do
  if apt-cache show "$pkg" >/dev/null 2>&1; then
    need+=("$pkg")
  else
    echo "$pkg is not in your apt sources: firebase-tools will download its emulator on first use (needs internet)"
  fi
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing system packages: ${need[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}"
fi
echo "system packages: done"
