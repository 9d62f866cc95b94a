import { NOT_XML_CHAR } from './xml-characters.js';

/** The SOAP 1.1 envelope namespace (as `ws-security.ts` names it; repeated so that this file imports no DOM). */
const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
const WSU_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

/**
 * Prefixes the Security header declares or the signer adds (`wsu` on the Body): an envelope that declares one
 * itself is left to the general signer, so that no element of it can change meaning once they are added.
 */
const SIGNER_PREFIXES: ReadonlySet<string> = new Set(['wsu', 'wsse', 'ds', 'xml', 'xmlns']);

/**
 * A SOAP 1.1 envelope in the plain form {@link readPlainEnvelope} reads, with its Body given a `wsu:Id`: where the
 * Body's start tag lies in the text, and the Body in exclusive canonical form once it holds that Id.
 */
export interface PlainEnvelope {
  /** The Envelope's prefix, for the Header and the Security header's `mustUnderstand`. */
  readonly soapPrefix: string;
  /** The Body's qualified name, as written. */
  readonly bodyName: string;
  /** Where the Body's start tag (`<soap:Body>`) begins in the text… */
  readonly bodyTagStart: number;
  /** …and where it ends (just after its `>`). */
  readonly bodyTagEnd: number;
  /**
   * The Body, `xmlns:wsu` and `wsu:Id` added to its start tag, in exclusive canonical form without comments (no
   * InclusiveNamespaces): the text whose digest a Reference to it holds.
   */
  readonly canonicalBody: string;
}

/**
 * Reads a SOAP 1.1 envelope of the plain form this codebase writes (`buildSoapRequest`) and canonicalizes its Body
 * from the text itself, as exclusive c14n (and xml-crypto's `ExclusiveCanonicalization`, which verifiers here use)
 * renders it once the Body holds `wsu:Id="bodyId"`. Undefined for any other input, which the general signer then
 * takes (and refuses, when it is not a SOAP envelope): this reads a strict subset of XML, and gives up rather than
 * guess.
 *
 * The subset: an optional XML declaration; elements and attributes with ASCII names, their prefixes declared
 * (`xmlns:p`, an ASCII URI) and none of `wsu`, `wsse`, `ds`, `xml`; no default namespace declaration; attribute
 * values without references or line ends; text with the five predefined entities and character references; no
 * comment, processing instruction, CDATA section or DOCTYPE; no raw NEL, LINE SEPARATOR or PARAGRAPH SEPARATOR
 * (as references they are plain); a prefixed `Envelope` whose only element is a `Body`
 * without attributes (no Header: a message that has one goes to the general signer), with only whitespace beside
 * it. Text is read as a parser reads it (line ends normalized to a line feed, then references resolved) and
 * written as c14n writes it (`&amp;`, `&lt;`, `&gt;`, `&#xD;`); elements as start and end tags; on each element
 * the namespaces it and its attributes visibly use that its nearest rendered ancestors have not rendered, sorted
 * by prefix; attributes unqualified first by name, then by namespace URI and name.
 */
export function readPlainEnvelope(xml: string, bodyId: string): PlainEnvelope | undefined {
  try {
    return new PlainReader(xml, bodyId).read();
  } catch (error) {
    if (error instanceof NotPlain) return undefined;
    throw error;
  }
}

/** Thrown inside the reader when the input leaves the plain subset. */
class NotPlain extends Error {}

function notPlain(): never {
  throw new NotPlain();
}

const NAME = '[A-Za-z_][A-Za-z0-9._-]*';
const QNAME = `${NAME}(?::${NAME})?`;
const S = '[ \\t\\r\\n]';
const XML_DECLARATION = new RegExp(
  `<\\?xml${S}+version=(?:"1\\.[0-9]+"|'1\\.[0-9]+')(?:${S}+encoding=(?:"[A-Za-z][A-Za-z0-9._-]*"|'[A-Za-z][A-Za-z0-9._-]*'))?(?:${S}+standalone=(?:"(?:yes|no)"|'(?:yes|no)'))?${S}*\\?>`,
  'y',
);
const START_TAG = new RegExp(
  `<(${QNAME})((?:${S}+${QNAME}${S}*=${S}*(?:"[^<&"]*"|'[^<&']*'))*)${S}*(/?)>`,
  'y',
);
const ATTRIBUTE = new RegExp(`(${QNAME})${S}*=${S}*(?:"([^<&"]*)"|'([^<&']*)')`, 'g');
const BARE_START_TAG = new RegExp(`<(${QNAME})>`, 'y');
const WHITESPACE_ONLY = /^[ \t\r\n]*$/;
const REFERENCE = /&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));/g;
const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

interface Attribute {
  readonly name: string;
  readonly prefix: string | undefined;
  readonly localName: string;
  readonly namespace: string;
  readonly value: string;
}

/** Namespaces rendered on an element and its output ancestors, nearest first: a list shared down the tree. */
interface Rendered {
  readonly prefix: string;
  readonly namespace: string;
  readonly outer: Rendered | undefined;
}

/** What a prefix means where the nearest rendered declaration of it is (undefined when none is). */
function renderedAs(rendered: Rendered | undefined, prefix: string): string | undefined {
  for (let at = rendered; at !== undefined; at = at.outer) if (at.prefix === prefix) return at.namespace;
  return undefined;
}

/** What the Envelope renders: nothing, for it is outside the Body. */
const NOTHING_RENDERED = null;

/**
 * An open element: its name, the namespaces in scope in it, and those rendered on it and its ancestors within the
 * Body (null outside the Body).
 */
interface Frame {
  readonly name: string;
  readonly scope: ReadonlyMap<string, string>;
  readonly rendered: Rendered | undefined | typeof NOTHING_RENDERED;
}

class PlainReader {
  private readonly stack: Frame[] = [];
  /** The canonical Body so far: appended to (a rope, flattened once when hashed). */
  private canonical = '';
  private soapPrefix: string | undefined;
  private bodyName: string | undefined;
  private bodyTagStart = -1;
  private bodyTagEnd = -1;
  private canonicalBody: string | undefined;
  private rootClosed = false;

  constructor(
    private readonly xml: string,
    private readonly bodyId: string,
  ) {}

  read(): PlainEnvelope {
    const { xml } = this;
    // @xmldom/xmldom, which verifiers here parse with, reads these as line ends (as XML 1.1 does, not XML 1.0): the
    // canonical form of a text holding one raw depends on who reads it.
    if (NOT_XML_CHAR.test(xml) || /[\u0085\u2028\u2029]/.test(xml)) notPlain();
    XML_DECLARATION.lastIndex = 0;
    let at = XML_DECLARATION.test(xml) ? XML_DECLARATION.lastIndex : 0;
    for (;;) {
      const tag = xml.indexOf('<', at);
      this.text(xml.slice(at, tag === -1 ? xml.length : tag));
      if (tag === -1) break;
      const next = xml.charCodeAt(tag + 1);
      at =
        next === 0x2f ? this.endTag(tag) : next === 0x21 || next === 0x3f ? notPlain() : this.startTag(tag);
    }
    const { soapPrefix, bodyName, canonicalBody } = this;
    if (
      !this.rootClosed ||
      soapPrefix === undefined ||
      bodyName === undefined ||
      canonicalBody === undefined
    ) {
      notPlain();
    }
    return {
      soapPrefix,
      bodyName,
      bodyTagStart: this.bodyTagStart,
      bodyTagEnd: this.bodyTagEnd,
      canonicalBody,
    };
  }

  /** Within the Body: whether the element on top of the stack is the Body or lies inside it. */
  private get inBody(): boolean {
    return this.stack.length >= 2;
  }

  private text(raw: string): void {
    if (raw === '') return;
    if (!this.inBody) {
      if (!WHITESPACE_ONLY.test(raw)) notPlain();
      return;
    }
    this.canonical += canonicalText(raw);
  }

  private startTag(at: number): number {
    const parent = this.stack.at(-1);
    const depth = this.stack.length;
    // Most tags of a message are a bare name inside the Body: written as they are when their prefix is rendered.
    BARE_START_TAG.lastIndex = at;
    const bare = depth >= 2 && parent !== undefined ? BARE_START_TAG.exec(this.xml) : null;
    if (bare !== null && parent !== undefined && parent.rendered !== NOTHING_RENDERED) {
      const [, name = ''] = bare;
      const [prefix] = split(name);
      const namespace = prefix === undefined ? '' : parent.scope.get(prefix);
      if (
        namespace !== undefined &&
        (prefix === undefined || renderedAs(parent.rendered, prefix) === namespace)
      ) {
        if (prefix !== undefined && SIGNER_PREFIXES.has(prefix)) notPlain();
        this.canonical += bare[0];
        this.stack.push({ name, scope: parent.scope, rendered: parent.rendered });
        return BARE_START_TAG.lastIndex;
      }
    }
    START_TAG.lastIndex = at;
    const match = START_TAG.exec(this.xml);
    if (match === null || this.rootClosed) notPlain();
    const [, name = '', attributeText = '', selfClosing] = match;
    let scope = parent?.scope ?? new Map<string, string>();
    const declared = new Map<string, string>();
    const written: [string, string][] = [];
    ATTRIBUTE.lastIndex = 0;
    for (let attribute = attributeText === '' ? null : ATTRIBUTE.exec(attributeText); attribute !== null;) {
      const [, attributeName = '', doubleQuoted, singleQuoted] = attribute;
      const value = doubleQuoted ?? singleQuoted ?? '';
      if (/[\t\n\r]/.test(value)) notPlain();
      if (attributeName === 'xmlns') notPlain();
      if (attributeName.startsWith('xmlns:')) {
        const prefix = attributeName.slice('xmlns:'.length);
        if (
          SIGNER_PREFIXES.has(prefix) ||
          declared.has(prefix) ||
          !/^[\x20-\x7e]+$/.test(value) ||
          value.includes('"') ||
          value === XML_NS ||
          value === XMLNS_NS
        ) {
          notPlain();
        }
        declared.set(prefix, value);
      } else {
        written.push([attributeName, value]);
      }
      attribute = ATTRIBUTE.exec(attributeText);
    }
    if (declared.size > 0) scope = new Map([...scope, ...declared]);

    const [prefix, localName] = split(name);
    if (prefix !== undefined && SIGNER_PREFIXES.has(prefix)) notPlain();
    const namespace = prefix === undefined ? '' : (scope.get(prefix) ?? notPlain());
    if (depth === 0) {
      if (prefix === undefined || namespace !== SOAP11_NS || localName !== 'Envelope') notPlain();
      this.soapPrefix = prefix;
    }
    let attributes = written.map(([attributeName, value]) => qualify(attributeName, value, scope));
    if (depth === 1) {
      // The Envelope's one element: a Body with no attribute, then given the wsu:Id that the signature points at.
      const isBody = namespace === SOAP11_NS && localName === 'Body';
      if (!isBody || this.bodyName !== undefined || selfClosing === '/' || match[2] !== '') notPlain();
      this.bodyName = name;
      this.bodyTagStart = at;
      this.bodyTagEnd = START_TAG.lastIndex;
      scope = new Map([...scope, ['wsu', WSU_NS]]);
      attributes = [
        { name: 'wsu:Id', prefix: 'wsu', localName: 'Id', namespace: WSU_NS, value: this.bodyId },
      ];
    }
    if (attributes.length > 1) checkUnique(attributes);

    let rendered: Rendered | undefined | typeof NOTHING_RENDERED = NOTHING_RENDERED;
    if (depth >= 1) {
      const inherited = parent?.rendered ?? undefined;
      rendered = this.renderStartTag(name, prefix, attributes, scope, inherited);
    }
    if (selfClosing === '/') {
      if (depth === 0) notPlain();
      if (rendered !== NOTHING_RENDERED) this.canonical += `</${name}>`;
    } else {
      this.stack.push({ name, scope, rendered });
    }
    return START_TAG.lastIndex;
  }

  /** Writes a start tag inside the Body in canonical form; returns the namespaces rendered from it down. */
  private renderStartTag(
    name: string,
    prefix: string | undefined,
    attributes: readonly Attribute[],
    scope: ReadonlyMap<string, string>,
    inherited: Rendered | undefined,
  ): Rendered | undefined {
    if (attributes.length === 0) {
      // The most common tag: a name whose prefix is rendered already, or must be on it.
      const namespace = prefix === undefined ? undefined : (scope.get(prefix) ?? notPlain());
      if (prefix === undefined || namespace === undefined || renderedAs(inherited, prefix) === namespace) {
        this.canonical += `<${name}>`;
        return inherited;
      }
      this.canonical += `<${name} xmlns:${prefix}="${namespace}">`;
      return { prefix, namespace, outer: inherited };
    }
    const utilized = new Set<string>();
    if (prefix !== undefined) utilized.add(prefix);
    for (const attribute of attributes) if (attribute.prefix !== undefined) utilized.add(attribute.prefix);
    const declarations: [string, string][] = [];
    for (const used of utilized) {
      const namespace = scope.get(used) ?? notPlain();
      if (renderedAs(inherited, used) !== namespace) declarations.push([used, namespace]);
    }
    let tag = `<${name}`;
    for (const [used, namespace] of sortedDeclarations(declarations)) tag += ` xmlns:${used}="${namespace}"`;
    for (const attribute of sortedAttributes(attributes)) {
      tag += ` ${attribute.name}="${escapeAttribute(attribute.value)}"`;
    }
    this.canonical += `${tag}>`;
    let rendered = inherited;
    for (const [used, namespace] of declarations) rendered = { prefix: used, namespace, outer: rendered };
    return rendered;
  }

  private endTag(at: number): number {
    const { xml } = this;
    const open = this.stack.pop();
    if (open === undefined || !xml.startsWith(open.name, at + 2)) notPlain();
    // The open element's name, then optional whitespace and `>`: not a longer name that begins with it.
    let end = at + 2 + open.name.length;
    let next = xml.charCodeAt(end);
    while (next === 0x20 || next === 0x09 || next === 0x0a || next === 0x0d) next = xml.charCodeAt(++end);
    if (next !== 0x3e) notPlain();
    if (open.rendered !== NOTHING_RENDERED) this.canonical += `</${open.name}>`;
    if (this.stack.length === 1) this.canonicalBody = this.canonical;
    if (this.stack.length === 0) this.rootClosed = true;
    return end + 1;
  }
}

function split(name: string): [string | undefined, string] {
  const colon = name.indexOf(':');
  return colon === -1 ? [undefined, name] : [name.slice(0, colon), name.slice(colon + 1)];
}

function qualify(name: string, value: string, scope: ReadonlyMap<string, string>): Attribute {
  const [prefix, localName] = split(name);
  if (prefix === undefined) return { name, prefix, localName, namespace: '', value };
  if (SIGNER_PREFIXES.has(prefix)) notPlain();
  return { name, prefix, localName, namespace: scope.get(prefix) ?? notPlain(), value };
}

/** Two attributes with one name, or one expanded name, are not well-formed (namespaces in XML §6.3). */
function checkUnique(attributes: readonly Attribute[]): void {
  const names = new Set<string>();
  for (const attribute of attributes) {
    for (const key of [attribute.name, `{${attribute.namespace}}${attribute.localName}`]) {
      if (names.has(key)) notPlain();
      names.add(key);
    }
  }
}

/**
 * Namespace declarations in c14n order: by prefix. xml-crypto sorts them with `localeCompare`; when that order is
 * not the code-point order c14n asks for, give up rather than sign what a verifier would canonicalize otherwise.
 */
function sortedDeclarations(declarations: [string, string][]): readonly [string, string][] {
  if (declarations.length < 2) return declarations;
  const byCodePoint = [...declarations].sort(([a], [b]) => compare(a, b));
  const byLocale = [...declarations].sort(([a], [b]) => a.localeCompare(b));
  if (byCodePoint.some(([prefix], i) => prefix !== byLocale[i]?.[0])) notPlain();
  return byCodePoint;
}

/**
 * Attributes in c14n order: unqualified ones first by local name, then by namespace URI and local name. xml-crypto
 * compares the URI and the name concatenated; when that order differs, give up as above.
 */
function sortedAttributes(attributes: readonly Attribute[]): readonly Attribute[] {
  if (attributes.length < 2) return attributes;
  const byRule = [...attributes].sort(
    (a, b) => compare(a.namespace, b.namespace) || compare(a.localName, b.localName),
  );
  const byXmlCrypto = [...attributes].sort((a, b) =>
    a.namespace === '' || b.namespace === ''
      ? compare(a.namespace, b.namespace) || compare(a.localName, b.localName)
      : compare(a.namespace + a.localName, b.namespace + b.localName),
  );
  if (byRule.some((attribute, i) => attribute !== byXmlCrypto[i])) notPlain();
  return byRule;
}

/** Compares ASCII strings (names and URIs here are): by code point. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A text as a parser reads it (line ends, then references), then as exclusive c14n writes it. */
function canonicalText(raw: string): string {
  if (raw.includes(']]>')) notPlain();
  let text = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
  if (text.includes('&')) {
    if (text.replace(REFERENCE, '').includes('&')) notPlain();
    text = text.replace(REFERENCE, (_, entity?: string, decimal?: string, hex?: string) =>
      entity === undefined
        ? character(decimal === undefined ? parseInt(hex ?? '', 16) : Number(decimal))
        : (PREDEFINED[entity] ?? notPlain()),
    );
  }
  return /[&<>\r]/.test(text) ? text.replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c] ?? c) : text;
}

/** The character of a reference, when XML allows it. */
function character(codePoint: number): string {
  if (codePoint > 0x10ffff) notPlain();
  const text = String.fromCodePoint(codePoint);
  if (NOT_XML_CHAR.test(text)) notPlain();
  return text;
}

const TEXT_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '\r': '&#xD;',
};

/** An attribute value as exclusive c14n writes it (values here hold no line end or tab). */
function escapeAttribute(value: string): string {
  return value.replace(/[&<"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&quot;'));
}
