/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Real Quick BI mode: the dashboard and data screen to show instead of the emulator's samples. */
  readonly VITE_QUICKBI_DASHBOARD_ID?: string;
  readonly VITE_QUICKBI_SCREEN_ID?: string;
}
