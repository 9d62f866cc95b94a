/** The inks of the documents: black for what is read, greys for labels, rules and fills that guide the eye. */
export const BLACK = '#000000';
export const INK = '#1a1a1a';
export const GREY = '#6b6b6b';
export const RULE = '#444444';
export const LIGHT_RULE = '#9a9a9a';
export const HEADER_FILL = '#e6e6e6';
export const ZEBRA_FILL = '#f4f4f4';
