/** Bundles web/src into dist/web: one ES module per page script, and the service worker. */
export function buildWeb(): Promise<void>;
