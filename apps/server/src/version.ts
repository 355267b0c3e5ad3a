/** The app version shown in `/health` and `ccproxy --version`. */
export const APP_VERSION = '0.1.0';
