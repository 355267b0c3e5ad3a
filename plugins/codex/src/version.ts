/** This package's version (kept in step with package.json; the plugin manifest reports it). */
export const PLUGIN_VERSION = '0.1.0';
