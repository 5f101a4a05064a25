#!/usr/bin/env bash
# System packages the tests need beyond Node: Java for the Firestore and Pub/Sub emulators, Debian's
# Chromium for the browser tests, coturn for the relay tests. Installs only what is missing; safe to
# run again.
set -euo pipefail

need=()
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jre-headless)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# coturn: the TURN relay the local stack and the relay/NAT tests run; iproute2 for the NAT test.
[ -x /usr/bin/turnserver ] || need+=(coturn)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
# The Firestore emulator jar, since firebase-tools cannot download it without internet.
[ -f /usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar ] ||
  need+=(google-cloud-cli-firestore-emulator)
# The Pub/Sub emulator: without it the Functions emulator does not load scheduled functions.
[ -x /usr/lib/google-cloud-sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator ] ||
  need+=(google-cloud-cli-pubsub-emulator)

if [ ${#need[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "missing system packages: ${need[*]} (run as root, or install them with apt-get)" >&2
  exit 1
fi
echo "installing system packages: ${need[*]}"
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}"
