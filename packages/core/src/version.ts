/** The @ccproxy/core version, for `/health` and compatibility checks. */
export const CORE_VERSION = '0.1.0';
