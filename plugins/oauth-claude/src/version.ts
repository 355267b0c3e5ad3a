/** The package version, reported in `/plugins` and health. */
export const VERSION = '0.1.0';
