import pkg from '../package.json' with { type: 'json' };

/** This release of sitepresence. */
export const VERSION: string = pkg.version;
