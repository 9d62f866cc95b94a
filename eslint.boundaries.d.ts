import type { Linter } from 'eslint';

/** The rooms of the tree and the imports each may not make (see eslint.boundaries.js). */
export declare const boundaries: Linter.Config[];
