import XMLBuilder from 'fast-xml-builder';
import {
  PRESENCE_REGISTRATION_SERVICE_NS,
  PRESENCE_REGISTRATION_TYPES_NS,
  SOAP_ENVELOPE_NS,
} from './contract.js';
import { MAX_ITEMS_PER_REQUEST } from './messages.js';

/** What an element holds, as the builder takes it: a text, its children, or the repeats of an element. */
export type XmlContent = string | XmlChildren | readonly XmlChildren[] | readonly string[];

/**
 * An element's children by name, in the order written, with its attributes (`@_Id`) and a text beside them
 * (`#text`): the element's own name is its key in its parent.
 */
export interface XmlChildren {
  readonly [name: string]: XmlContent;
}

/** How an envelope is written where a request and a response differ. */
export interface EnvelopeWriting {
  /**
   * Whether a carriage return in a value is written as the reference `&#13;`, the one form in which it
   * survives a parser's line-end normalisation (a request's, which arrives as sent), or raw (a response's,
   * which its reader gets as a line feed).
   */
  readonly carriageReturnsAsReferences: boolean;
}

/**
 * A SOAP 1.1 envelope, XML declaration first, holding `body` in its Body and no Header. Every value is
 * escaped by the XML builder.
 *
 * @example
 * const fault = { 'soap:Fault': { faultcode: 'soap:Client', faultstring: 'Unknown operation.' } };
 * soapEnvelope(fault, { carriageReturnsAsReferences: false });
 */
export function soapEnvelope(body: XmlChildren, writing: EnvelopeWriting): string {
  const xml = builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    'soap:Envelope': { '@_xmlns:soap': SOAP_ENVELOPE_NS, 'soap:Body': body },
  });
  if (!writing.carriageReturnsAsReferences) return xml;
  // A parser turns a raw carriage return into a line feed (XML 1.0 §2.11), so a value holding one would not
  // arrive as sent; as a reference it does. The builder writes no line ends of its own (no formatting, constant
  // attributes), so every CR in its output is a value's.
  return xml.replaceAll('\r', '&#13;');
}

/**
 * The envelope of an operation's element (`RegisterPresencesRequest`, `SearchPresencesResponse`…), in the
 * service's namespace (prefix `pr`) with its direct children, as the official contract puts them; the
 * elements those children hold go to the types' namespace (prefix `type`), their attributes and texts as
 * they are.
 */
export function operationEnvelope(
  name: string,
  children: Readonly<Record<string, XmlChildren | readonly XmlChildren[]>>,
  writing: EnvelopeWriting,
): string {
  const content: Record<string, XmlContent> = {
    '@_xmlns:pr': PRESENCE_REGISTRATION_SERVICE_NS,
    '@_xmlns:type': PRESENCE_REGISTRATION_TYPES_NS,
  };
  for (const [child, value] of Object.entries(children)) content[`pr:${child}`] = inTypes(value);
  return soapEnvelope({ [`pr:${name}`]: content }, writing);
}

/** An element's children from a list in order, the absent ones (undefined) left out. */
export function presentChildren(
  children: readonly (readonly [string, XmlContent | undefined])[],
): XmlChildren {
  const present: Record<string, XmlContent> = {};
  for (const [name, content] of children) if (content !== undefined) present[name] = content;
  return present;
}

/**
 * The items of a batch (registrations, cancellations), when the schema can hold that many: 1 to 200. Throws
 * a `RangeError` otherwise, saying whether the batch is a request or a response (`messageKind`).
 */
export function batchOf<T>(items: readonly T[], messageKind: 'request' | 'response'): readonly T[] {
  if (items.length === 0 || items.length > MAX_ITEMS_PER_REQUEST) {
    throw new RangeError(
      `A batch ${messageKind} holds 1 to ${MAX_ITEMS_PER_REQUEST} items, not ${items.length}.`,
    );
  }
  return items;
}

// ------------------------------------------------------------------------------------------------------

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  processEntities: true,
  suppressEmptyNode: false,
  format: false,
});

/** The content with each element name prefixed `type:`, attributes and texts as they are. */
function inTypes(content: XmlContent): XmlContent {
  if (typeof content === 'string') return content;
  if (!isList(content)) return elementInTypes(content);
  return content.every((item) => typeof item === 'string') ? content : content.map(elementInTypes);
}

function elementInTypes(element: XmlChildren): XmlChildren {
  const prefixed: Record<string, XmlContent> = {};
  for (const [name, value] of Object.entries(element)) {
    prefixed[name.startsWith('@_') || name === '#text' ? name : `type:${name}`] = inTypes(value);
  }
  return prefixed;
}

function isList(content: XmlContent): content is readonly XmlChildren[] | readonly string[] {
  return Array.isArray(content);
}
