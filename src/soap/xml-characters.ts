/**
 * A character XML 1.0 does not allow (outside its `Char` production), a lone surrogate included: what the
 * readers refuse in a document and the writers never write.
 */
export const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** {@link NOT_XML_CHAR} for replacing every such character of a text at once (`text.replace(…)`). */
export const NOT_XML_CHARS = new RegExp(NOT_XML_CHAR.source, 'gu');
