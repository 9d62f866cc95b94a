import { DOMParser, XMLSerializer, type Document } from '@xmldom/xmldom';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The namespace of the operations' elements (`RegisterPresencesRequest`…) and of their direct children
 * (`PresenceRegistrationRequest`…), as in the official contract: `soap/presence-registration-v1.xsd`.
 */
export const PRESENCE_REGISTRATION_SERVICE_NS = 'http://socialsecurity.be/presenceregistration/v1';

/**
 * The namespace of every element below those direct children (`INSS`, `WorkPlaceId`, `PresenceRegistration`…),
 * as in the official contract: `soap/presence-registration-types-v1.xsd`.
 */
export const PRESENCE_REGISTRATION_TYPES_NS = 'http://socialsecurity.be/presenceregistration/schemas/v1';

/**
 * The namespace of the fault details `SystemError` and `BusinessError` and of their content, the social
 * security's for the errors of all its services: `soap/errors-v1.xsd`.
 */
export const SOCIAL_SECURITY_ERRORS_NS = 'http://socialsecurity.be/errors/v1';

/** The namespace of SOAP 1.1 envelopes, the only SOAP version the service speaks. */
export const SOAP_ENVELOPE_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

/** The XSD of the operations' elements; it imports the types' XSD. */
export const SERVICE_XSD_FILE_NAME = 'presence-registration-v1.xsd';

/** The XSD of the types of the operations' content. */
export const TYPES_XSD_FILE_NAME = 'presence-registration-types-v1.xsd';

/** The XSD of the fault details; it imports the XML namespace's XSD (for `xml:lang`). */
export const ERRORS_XSD_FILE_NAME = 'errors-v1.xsd';

/** The XSD of the one attribute of the XML namespace the contract uses, `xml:lang`. */
export const XML_XSD_FILE_NAME = 'xml.xsd';

/**
 * Every XSD of the contract, in the project's `soap/` folder: what a route serves at
 * `/PresenceRegistration/v1?xsd=<name>` (see {@link contractXsdUrl}), and nothing else.
 */
export const CONTRACT_XSD_FILES = [
  SERVICE_XSD_FILE_NAME,
  TYPES_XSD_FILE_NAME,
  ERRORS_XSD_FILE_NAME,
  XML_XSD_FILE_NAME,
] as const;

/** The file name of an XSD of the contract. */
export type ContractXsdFile = (typeof CONTRACT_XSD_FILES)[number];

/** The file name of the WSDL in the project's `soap/` folder. */
export const WSDL_FILE_NAME = 'presence-registration-v1.wsdl';

/** Whether a name (such as the `xsd` parameter of a request) is one of the contract's XSDs. */
export function isContractXsdFile(name: string): name is ContractXsdFile {
  return (CONTRACT_XSD_FILES as readonly string[]).includes(name);
}

const WSDL_SOAP_BINDING_NS = 'http://schemas.xmlsoap.org/wsdl/soap/';
const XML_SCHEMA_NS = 'http://www.w3.org/2001/XMLSchema';

/**
 * The `soap/` folder of the project, from this module's place, compiled (`dist/src/soap`) or not
 * (`src/soap`): the first folder above with both a package.json and the schema. (Not merely a package.json:
 * the build puts a copy of it in `dist`.) The `soap/` folder is not compiled or copied: it ships beside
 * `dist/`, at the package root, so the walk finds it from either place.
 */
export function contractFolder(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'soap', SERVICE_XSD_FILE_NAME))) {
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`sitepresence: soap/${SERVICE_XSD_FILE_NAME} not found above ${from}`);
    dir = parent;
  }
  return join(dir, 'soap');
}

/**
 * An XSD of the contract as the file holds it: its imports name the other files by relative path, which
 * suits validators reading the `soap/` folder. To serve it, use {@link servedContractXsd}.
 * Throws a `RangeError` for a name that is not one of {@link CONTRACT_XSD_FILES}.
 */
export function contractXsd(name: ContractXsdFile, folder: string = contractFolder()): string {
  if (!isContractXsdFile(name)) throw new RangeError(`Not an XSD of the contract: ${String(name)}`);
  return readFileSync(join(folder, name), 'utf8');
}

/** Where this server's service is: the WSDL and the XSDs point there. */
export interface ContractAddresses {
  /** The endpoint clients post to, absolute (`https://registry.example/PresenceRegistration/v1`). */
  readonly endpoint: string | URL;
}

/**
 * Where clients fetch an XSD of the contract from this server: the endpoint with `?xsd=<name>`.
 * Throws a `TypeError` when the endpoint is not an absolute http(s) URL.
 *
 * @example contractXsdUrl('https://registry.example/PresenceRegistration/v1', 'errors-v1.xsd')
 * // 'https://registry.example/PresenceRegistration/v1?xsd=errors-v1.xsd'
 */
export function contractXsdUrl(endpoint: string | URL, name: ContractXsdFile): string {
  const url = httpEndpoint(endpoint);
  url.hash = '';
  url.searchParams.set('xsd', name);
  return url.href;
}

/**
 * An XSD of the contract as this server serves it: each import of another file of the contract points at
 * its {@link contractXsdUrl}. Throws a `TypeError` when the endpoint is not an absolute http(s) URL (the
 * server's configuration at fault, not a request), a `RangeError` for a name not of the contract.
 *
 * @example servedContractXsd('presence-registration-v1.xsd', { endpoint: 'https://registry.example/PresenceRegistration/v1' })
 */
export function servedContractXsd(
  name: ContractXsdFile,
  addresses: ContractAddresses,
  folder: string = contractFolder(),
): string {
  const xsd = parseContractFile(contractXsd(name, folder), name);
  pointImportsAt(xsd, addresses.endpoint);
  return new XMLSerializer().serializeToString(xsd);
}

/**
 * The WSDL of the service with this server's own addresses written in: the endpoint in `soap:address`
 * (the file holds a placeholder) and the XSDs' {@link contractXsdUrl}s in the imports of its types. Throws a
 * `TypeError` when the endpoint is not an absolute http(s) URL: that is the server's configuration at fault,
 * not a request.
 *
 * @example presenceRegistrationWsdl({ endpoint: 'https://registry.example/PresenceRegistration/v1' })
 */
export function presenceRegistrationWsdl(
  addresses: ContractAddresses,
  folder: string = contractFolder(),
): string {
  const endpoint = httpEndpoint(addresses.endpoint);
  const wsdl = parseContractFile(readFileSync(join(folder, WSDL_FILE_NAME), 'utf8'), WSDL_FILE_NAME);
  const address = wsdl.getElementsByTagNameNS(WSDL_SOAP_BINDING_NS, 'address')[0];
  if (address === undefined) throw new Error(`sitepresence: soap/${WSDL_FILE_NAME} has no soap:address`);
  // The DOM escapes the attribute values as it serialises them.
  address.setAttribute('location', endpoint.href);
  pointImportsAt(wsdl, endpoint);
  return new XMLSerializer().serializeToString(wsdl);
}

function httpEndpoint(endpoint: string | URL): URL {
  const url = new URL(endpoint);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`The SOAP endpoint must be an http(s) URL, not ${url.protocol}`);
  }
  return url;
}

function parseContractFile(text: string, name: string): Document {
  return new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') throw new Error(`sitepresence: soap/${name} is not well-formed: ${message}`);
    },
  }).parseFromString(text, 'text/xml');
}

/** Points every xs:import or xs:include of a file of the contract at the file's URL on this server. */
function pointImportsAt(document: Document, endpoint: string | URL): void {
  for (const kind of ['import', 'include']) {
    for (const reference of Array.from(document.getElementsByTagNameNS(XML_SCHEMA_NS, kind))) {
      const location = reference.getAttribute('schemaLocation') ?? '';
      if (isContractXsdFile(location)) {
        reference.setAttribute('schemaLocation', contractXsdUrl(endpoint, location));
      }
    }
  }
}
