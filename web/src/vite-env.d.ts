/// <reference types="vite/client" />
interface ImportMetaEnv {
  readonly VITE_FIREBASE_CONFIG?: string;
  readonly VITE_STUN_URLS?: string;
  readonly VITE_ICE_RELAY_ONLY?: string;
  readonly VITE_FUNCTIONS_REGION?: string;
  readonly VITE_DEMO_PROJECT_ID?: string;
  readonly VITE_EMULATOR_HOST?: string;
  readonly VITE_EMULATOR_PORTS?: string;
  readonly VITE_APP_CHECK_SITE_KEY?: string;
  readonly VITE_PRESENCE_STALE_SECONDS?: string;
}
