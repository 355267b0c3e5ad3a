export const PERMISSIONS_VERSION = '0.1.0';
