import { DOMParser, XMLSerializer, type Element } from '@xmldom/xmldom';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's `soap/` folder, whose schemas Debian's xmllint (libxml2) validates against. */
export const SOAP_FOLDER = fileURLToPath(new URL('../../soap/', import.meta.url));

/**
 * The schema each namespace of the contract is validated against: the one that declares its global
 * elements, which imports the others it needs by relative path (so xmllint reads them from `SOAP_FOLDER`).
 */
const XSD_BY_NAMESPACE: Readonly<Record<string, string>> = {
  'http://socialsecurity.be/presenceregistration/v1': 'presence-registration-v1.xsd',
  'http://socialsecurity.be/presenceregistration/schemas/v1': 'presence-registration-types-v1.xsd',
  'http://socialsecurity.be/errors/v1': 'errors-v1.xsd',
};

/** The path of a file of the `soap/` folder. */
export function soapFile(name: string): string {
  return join(SOAP_FOLDER, name);
}

const SOAP_ENVELOPE_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
const XMLLINT = 'xmllint';

/**
 * True when libxml2's `xmllint` is installed (CI installs it). Without it the messages are not validated
 * against the XSDs — every validation then says valid — and the run says so loudly, except under CI, where it
 * fails.
 */
export const XMLLINT_INSTALLED = spawnSync(XMLLINT, ['--version']).error === undefined;

if (!XMLLINT_INSTALLED) {
  if (process.env['CI'] === 'true')
    throw new Error('xmllint (Debian package libxml2-utils) is needed under CI');
  process.stderr.write(
    '\n*** xmllint is not installed (apt-get install libxml2-utils): SOAP messages are not validated against the XSDs ***\n',
  );
}

/** What xmllint says of a document: valid or not, and its messages. */
export interface XsdValidation {
  readonly valid: boolean;
  readonly errors: string;
}

/**
 * Validates the payload of a SOAP message with `xmllint --noout --nonet --schema`: the Body's element, or for
 * a fault the element in its `detail`, taken out as a document of its own with its namespace declarations,
 * against the schema of its namespace (`soap/presence-registration-v1.xsd` for the operations' elements,
 * `soap/errors-v1.xsd` for the fault details). A document that is not an envelope is validated whole; an
 * element in no namespace of the contract against the operations' schema, which refuses it.
 */
export function validateAgainstXsd(xml: string): XsdValidation {
  const payload = payloadOf(xml);
  const xsd = XSD_BY_NAMESPACE[payload.namespace] ?? 'presence-registration-v1.xsd';
  return runXmllint(['--noout', '--nonet', '--schema', soapFile(xsd), '-'], payload.xml);
}

/** Whether a document is well-formed XML, by `xmllint --noout --nonet`. */
export function checkWellFormed(xml: string): XsdValidation {
  return runXmllint(['--noout', '--nonet', '-'], xml);
}

function runXmllint(args: readonly string[], input: string): XsdValidation {
  if (!XMLLINT_INSTALLED) return { valid: true, errors: '' };
  const run = spawnSync(XMLLINT, args, { input, encoding: 'utf8', timeout: 30_000 });
  if (run.error !== undefined) throw run.error;
  // On success xmllint still says `- validates` on stderr: only the complaints are errors.
  const errors = run.stderr.replace(/^- validates\n?/m, '');
  return { valid: run.status === 0, errors };
}

function payloadOf(xml: string): { xml: string; namespace: string } {
  const root = strictParser().parseFromString(xml, 'text/xml').documentElement;
  if (root === null) throw new Error('Not an XML document');
  if (!isSoap(root, 'Envelope')) return { xml, namespace: root.namespaceURI ?? '' };
  const body = childElements(root).find((child) => isSoap(child, 'Body'));
  const payload = body === undefined ? undefined : childElements(body)[0];
  if (payload === undefined) throw new Error('The envelope has no Body element');
  const detail = isSoap(payload, 'Fault')
    ? childElements(payload).find((child) => child.localName === 'detail')
    : undefined;
  const element = detail === undefined ? payload : childElements(detail)[0];
  if (element === undefined) throw new Error('The fault has no detail element');
  // The serializer declares the namespaces the element uses but inherits from its ancestors.
  return { xml: new XMLSerializer().serializeToString(element), namespace: element.namespaceURI ?? '' };
}

/**
 * A DOM parser that stops at any error, and keeps quiet about warnings (such as the U+FFFD a response holds
 * in place of a character XML cannot carry).
 */
export function strictParser(): DOMParser {
  return new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') throw new Error(message);
    },
  });
}

function isSoap(element: Element, localName: string): boolean {
  return element.namespaceURI === SOAP_ENVELOPE_NS && element.localName === localName;
}

function childElements(parent: Element): Element[] {
  const elements: Element[] = [];
  for (let node = parent.firstChild; node !== null; node = node.nextSibling) {
    if (node.nodeType === node.ELEMENT_NODE) elements.push(node as Element);
  }
  return elements;
}
