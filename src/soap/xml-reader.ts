import { XMLParser } from 'fast-xml-parser';
import { SyntaxValidator } from 'fast-xml-validator';
import { err, ok, type Result } from '../domain/result.js';
import { NOT_XML_CHAR } from './xml-characters.js';

/**
 * An element as the SOAP readers walk it: its namespace resolved from its prefix, its child elements, and its
 * text, entity-decoded (CDATA included). What {@link readXmlDocument} gives, and what a reader may build from
 * a DOM element too.
 */
export interface ResolvedElement {
  readonly ns: string;
  readonly local: string;
  readonly elements: readonly ResolvedElement[];
  readonly text: string;
}

/** An element read from text by {@link readXmlDocument}: also its attributes and the namespaces in scope. */
export interface XmlElement extends ResolvedElement {
  /** The attributes by their name as written (`Id`, `xml:lang`), their values decoded. */
  readonly attributes: Readonly<Record<string, string>>;
  /** The namespaces in scope, to resolve a qualified name written as a value (`faultcode`). */
  readonly scope: ReadonlyMap<string, string>;
  readonly elements: readonly XmlElement[];
}

/**
 * Why a text is not a document {@link readXmlDocument} reads, as data: each reader words it its own way
 * (and the server gives a DTD its own fault code).
 */
export type XmlProblem =
  /** A markup declaration (`<!DOCTYPE`, `<!ENTITY`…): refused unread, so no entity is ever expanded. */
  | { readonly code: 'XML_MARKUP_DECLARATION' }
  /** A character XML does not allow, written as is. */
  | { readonly code: 'XML_FORBIDDEN_CHARACTER' }
  /**
   * Not well-formed, as the syntax validator or the parser found (unclosed or mismatched tags, nesting deeper
   * than {@link MAX_XML_DEPTH}…): `error` is what it threw.
   */
  | {
      readonly code: 'XML_NOT_WELL_FORMED';
      readonly foundBy: 'validator' | 'parser';
      readonly error: unknown;
    }
  /** No root element, more than one, or text beside it. */
  | { readonly code: 'XML_NOT_ONE_ROOT' }
  /** An attribute of `element` whose value the parser gave as no text, or holding a `<`. */
  | { readonly code: 'XML_INVALID_ATTRIBUTE'; readonly element: string; readonly attribute: string }
  /** An `&` that starts no reference. */
  | { readonly code: 'XML_LONE_AMPERSAND' }
  /** A character reference (`&#0;`) to a character XML does not allow. */
  | { readonly code: 'XML_FORBIDDEN_CHARACTER_REFERENCE'; readonly reference: string }
  /** An entity other than the five XML predefines (`&nbsp;`). */
  | { readonly code: 'XML_UNDECLARED_ENTITY'; readonly entity: string }
  /**
   * A name the namespaces cannot resolve: an element name that is no qualified name or whose prefix is not
   * declared, a namespace declaration that is invalid or binds a reserved prefix. The message names it and
   * says why, as both readers say it.
   */
  | { readonly code: 'XML_UNRESOLVED_NAME'; readonly message: string };

/**
 * How a reader reads where the server's and the client's differ: only in the order they look at things, so
 * only in which problem of a start tag with two is the one reported.
 */
export interface XmlReading {
  /**
   * When a start tag's namespace declarations are checked: `'with each attribute'`, each where it stands
   * among the attributes, values read in turn (the server's reading: of an invalid declaration followed by
   * an attribute with an undeclared entity, the declaration is reported); `'after all attributes'`, once
   * every attribute's value is read (the client's: the entity is).
   */
  readonly checkDeclarations: 'with each attribute' | 'after all attributes';
}

/** How deep elements may nest, the root being at depth 1 (a request needs 8, a search's answer 10). */
export const MAX_XML_DEPTH = 64;

/**
 * Reads a document into a tree of namespace-resolved elements, refusing what is not well-formed XML with
 * namespaces. A markup declaration (DTD, entity) is refused before anything is parsed, so no entity is ever
 * expanded and nothing is ever fetched; only the five predefined entities and character references are
 * decoded. A leading byte order mark is skipped; comments and processing instructions are left out.
 *
 * fast-xml-parser reads the text in its ordered mode, which keeps the attributes that declare namespaces
 * (`removeNSPrefix` drops them) and measured faster than its default mode on a 200-item answer; the
 * namespaces are resolved here, scope by scope. The parser alone reads a truncated document as if it were
 * whole and accepts mismatched tags: fast-xml-validator refuses them first.
 *
 * @example
 * const document = readXmlDocument(xml, { checkDeclarations: 'with each attribute' });
 * if (!document.ok) return refuse(document.error);
 * const envelope = document.value; // its `ns` and `local` say whether it is a SOAP 1.1 Envelope
 */
export function readXmlDocument(raw: string, reading: XmlReading): Result<XmlElement, XmlProblem> {
  try {
    return ok(readDocument(raw, reading));
  } catch (error) {
    if (error instanceof XmlRefusal) return err(error.problem);
    throw error;
  }
}

/**
 * How a message names an element's namespace: `in namespace …` (a long one cut at 200 characters), or
 * `in no namespace`.
 */
export function namespaceOf(element: ResolvedElement): string {
  if (element.ns === '') return 'in no namespace';
  const ns = element.ns.length > 200 ? `${element.ns.slice(0, 200)}…` : element.ns;
  return `in namespace ${ns}`;
}

// ------------------------------------------------------------------------------------------------------
// Problems: thrown inside this module only, returned as data by readXmlDocument.

class XmlRefusal extends Error {
  constructor(readonly problem: XmlProblem) {
    super(problem.code);
    this.name = 'XmlRefusal';
  }
}

function refuse(problem: XmlProblem): never {
  throw new XmlRefusal(problem);
}

function unresolved(message: string): never {
  refuse({ code: 'XML_UNRESOLVED_NAME', message });
}

// ------------------------------------------------------------------------------------------------------
// From text to a tree of namespace-resolved elements.

/** Declarations of all kinds: DOCTYPE, ENTITY, ELEMENT, ATTLIST, NOTATION (comments and CDATA are fine). */
const MARKUP_DECLARATION = /<!(?!--|\[CDATA\[)/;
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
/** The namespaces bound before any declaration: none for unprefixed names, and the `xml` prefix. */
const DOCUMENT_SCOPE: ReadonlyMap<string, string> = new Map([
  ['', ''],
  ['xml', XML_NS],
]);

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: false,
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  cdataPropName: '#cdata',
  commentPropName: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: MAX_XML_DEPTH,
});

function readDocument(raw: string, reading: XmlReading): XmlElement {
  const xml = raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
  if (MARKUP_DECLARATION.test(xml)) refuse({ code: 'XML_MARKUP_DECLARATION' });
  if (NOT_XML_CHAR.test(xml)) refuse({ code: 'XML_FORBIDDEN_CHARACTER' });
  try {
    SyntaxValidator.validate(xml, { multipleRoots: false });
  } catch (error) {
    refuse({ code: 'XML_NOT_WELL_FORMED', foundBy: 'validator', error });
  }
  let parsed: unknown;
  try {
    parsed = parser.parse(xml);
  } catch (error) {
    refuse({ code: 'XML_NOT_WELL_FORMED', foundBy: 'parser', error });
  }
  const top = readNodes(parsed, DOCUMENT_SCOPE, reading);
  const root = top.elements[0];
  if (root === undefined || top.elements.length > 1 || top.text.trim() !== '') {
    refuse({ code: 'XML_NOT_ONE_ROOT' });
  }
  return root;
}

/** Reads the ordered nodes fast-xml-parser gives (`[{ tag: [...], ':@': attrs }, { '#text': … }]`). */
function readNodes(
  nodes: unknown,
  scope: ReadonlyMap<string, string>,
  reading: XmlReading,
): { elements: XmlElement[]; text: string } {
  const elements: XmlElement[] = [];
  let text = '';
  for (const node of Array.isArray(nodes) ? (nodes as unknown[]) : []) {
    if (!isRecord(node)) continue;
    for (const [key, value] of Object.entries(node)) {
      if (key === ':@') continue;
      if (key === '#text') text += decodeText(typeof value === 'string' ? value : '');
      else if (key === '#cdata') text += cdataText(value);
      else elements.push(readElement(key, value, isRecord(node[':@']) ? node[':@'] : {}, scope, reading));
    }
  }
  return { elements, text };
}

function readElement(
  name: string,
  children: unknown,
  rawAttributes: Record<string, unknown>,
  outer: ReadonlyMap<string, string>,
  reading: XmlReading,
): XmlElement {
  const attributes: Record<string, string> = {};
  let scope = outer;
  for (const [attribute, raw] of Object.entries(rawAttributes)) {
    if (typeof raw !== 'string' || raw.includes('<')) {
      refuse({ code: 'XML_INVALID_ATTRIBUTE', element: name, attribute });
    }
    const value = decodeText(raw);
    attributes[attribute] = value;
    if (reading.checkDeclarations === 'with each attribute') {
      scope = declareNamespace(attribute, value, scope, outer);
    }
  }
  if (reading.checkDeclarations === 'after all attributes') {
    for (const [attribute, value] of Object.entries(attributes)) {
      scope = declareNamespace(attribute, value, scope, outer);
    }
  }
  const parts = name.split(':');
  const [prefix, local] = parts.length === 2 ? parts : ['', name];
  if (parts.length > 2 || prefix === undefined || (prefix === '' && parts.length === 2) || !local) {
    unresolved(`${name}: not a valid qualified element name.`);
  }
  const ns = scope.get(prefix);
  if (ns === undefined) unresolved(`${name}: the prefix ${prefix} is not declared.`);
  const content = readNodes(children, scope, reading);
  return { ns, local, attributes, scope, elements: content.elements, text: content.text };
}

/**
 * The scope with the namespace an attribute declares, if it is a declaration (`xmlns`, `xmlns:p`): the
 * element's own copy of the outer scope, made at its first declaration.
 */
function declareNamespace(
  name: string,
  value: string,
  scope: ReadonlyMap<string, string>,
  outer: ReadonlyMap<string, string>,
): ReadonlyMap<string, string> {
  if (name !== 'xmlns' && !name.startsWith('xmlns:')) return scope;
  const prefix = name === 'xmlns' ? '' : name.slice('xmlns:'.length);
  if (name !== 'xmlns' && (prefix === '' || prefix.includes(':') || value === '')) {
    unresolved(`${name}: not a valid namespace declaration.`);
  }
  if (prefix === 'xmlns' || (prefix === 'xml') !== (value === XML_NS)) {
    unresolved(`${name}: the xml and xmlns prefixes are reserved.`);
  }
  const declared = scope === outer ? new Map(outer) : (scope as Map<string, string>);
  declared.set(prefix, value);
  return declared;
}

const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
};

/** Decodes character references and the five predefined entities; any other entity is undeclared. */
function decodeText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(
    /&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z_][\w.-]*)?(;)?/g,
    (match, body?: string, end?: string) => {
      if (body === undefined || end === undefined) refuse({ code: 'XML_LONE_AMPERSAND' });
      if (body.startsWith('#')) {
        const code = body.startsWith('#x')
          ? Number.parseInt(body.slice(2), 16)
          : Number.parseInt(body.slice(1), 10);
        const char = code <= 0x10ffff ? String.fromCodePoint(code) : '\u0000';
        if (NOT_XML_CHAR.test(char)) refuse({ code: 'XML_FORBIDDEN_CHARACTER_REFERENCE', reference: match });
        return char;
      }
      const decoded = Object.hasOwn(PREDEFINED_ENTITIES, body) ? PREDEFINED_ENTITIES[body] : undefined;
      if (decoded === undefined) refuse({ code: 'XML_UNDECLARED_ENTITY', entity: body });
      return decoded;
    },
  );
}

/** The text of a CDATA section, as fast-xml-parser gives it (`[{ '#text': … }]`): taken as is. */
function cdataText(value: unknown): string {
  if (!Array.isArray(value)) return '';
  return (value as unknown[])
    .map((part) => (isRecord(part) && typeof part['#text'] === 'string' ? part['#text'] : ''))
    .join('');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
