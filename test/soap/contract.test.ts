import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CONTRACT_XSD_FILES,
  contractFolder,
  contractXsd,
  contractXsdUrl,
  ERRORS_XSD_FILE_NAME,
  isContractXsdFile,
  PRESENCE_REGISTRATION_SERVICE_NS,
  PRESENCE_REGISTRATION_TYPES_NS,
  presenceRegistrationWsdl,
  SERVICE_XSD_FILE_NAME,
  servedContractXsd,
  SOCIAL_SECURITY_ERRORS_NS,
  TYPES_XSD_FILE_NAME,
  WSDL_FILE_NAME,
  XML_XSD_FILE_NAME,
  type ContractXsdFile,
} from '../../src/soap/contract.js';
import {
  PRESENCE_STATUSES,
  SECTORS,
  SOAP_OPERATIONS,
  SORT_CRITERIA,
  SORT_DIRECTIONS,
  VALIDATION_REMARKS,
} from '../../src/soap/messages.js';
import { checkWellFormed, soapFile, validateAgainstXsd, XMLLINT_INSTALLED } from '../support/xsd.js';

const XS = 'http://www.w3.org/2001/XMLSchema';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const WSDL = 'http://schemas.xmlsoap.org/wsdl/';
const WSDL_SOAP = 'http://schemas.xmlsoap.org/wsdl/soap/';
const ENDPOINT = 'https://registry.example/PresenceRegistration/v1';

/** The target namespace of each XSD of the contract. */
const NAMESPACE_OF: Readonly<Record<ContractXsdFile, string>> = {
  [SERVICE_XSD_FILE_NAME]: PRESENCE_REGISTRATION_SERVICE_NS,
  [TYPES_XSD_FILE_NAME]: PRESENCE_REGISTRATION_TYPES_NS,
  [ERRORS_XSD_FILE_NAME]: SOCIAL_SECURITY_ERRORS_NS,
  [XML_XSD_FILE_NAME]: XML_NS,
};

function parse(xml: string): Document {
  return new DOMParser().parseFromString(xml, 'text/xml');
}

function elements(document: Document, ns: string, localName: string): Element[] {
  return Array.from(document.getElementsByTagNameNS(ns, localName));
}

/** The names of the global elements an XSD declares. */
function globalElements(name: ContractXsdFile): string[] {
  return Array.from(parse(contractXsd(name)).documentElement?.childNodes ?? [])
    .filter((node): node is Element => node.nodeType === node.ELEMENT_NODE && node.localName === 'element')
    .map((node) => node.getAttribute('name') ?? '');
}

/** The schemaLocation of each xs:import of a document, by the namespace it imports. */
function importsOf(document: Document): Record<string, string> {
  return Object.fromEntries(
    elements(document, XS, 'import').map((i) => [
      i.getAttribute('namespace') ?? '',
      i.getAttribute('schemaLocation') ?? '',
    ]),
  );
}

/** The values of the enumeration of a simple type of the types' XSD. */
function enumeration(typeName: string): string[] {
  const type = elements(parse(contractXsd(TYPES_XSD_FILE_NAME)), XS, 'simpleType').find(
    (simpleType) => simpleType.getAttribute('name') === typeName,
  );
  if (type === undefined) throw new Error(`${typeName} is not in the XSD`);
  return Array.from(type.getElementsByTagNameNS(XS, 'enumeration')).map((e) => e.getAttribute('value') ?? '');
}

/** The child elements of an XSD node, its annotations left out. */
function particles(node: Element): Element[] {
  return Array.from(node.childNodes).filter(
    (child): child is Element =>
      child.nodeType === child.ELEMENT_NODE && child.namespaceURI === XS && child.localName !== 'annotation',
  );
}

/** How often a particle may occur: '' once, '?' at most once, '{min..max}' otherwise. */
function occurrence(node: Element): string {
  const min = node.getAttribute('minOccurs') || '1';
  const max = node.getAttribute('maxOccurs') || '1';
  if (min === '1' && max === '1') return '';
  return min === '0' && max === '1' ? '?' : `{${min}..${max}}`;
}

/**
 * The content model of a complex type, written out: `Name: Type` per element in order, its occurrence after
 * it, `|` between the branches of a choice, groups in parentheses. A sequence that occurs once inside another
 * is written flat, as it means the same.
 */
function contentModel(node: Element): string {
  if (node.localName === 'element') {
    const type = (node.getAttribute('type') ?? '').replace(/^\w+:/, '');
    return `${node.getAttribute('name') ?? ''}: ${type}${occurrence(node)}`;
  }
  if (node.localName === 'complexType') {
    const group = particles(node)[0];
    return group === undefined ? '' : contentModel(group);
  }
  const inner = particles(node)
    .map(contentModel)
    .join(node.localName === 'choice' ? ' | ' : ' ');
  const parent = node.parentNode as Element;
  const top = parent.localName === 'complexType';
  const flat = node.localName === 'sequence' && parent.localName === 'sequence' && occurrence(node) === '';
  return (top && occurrence(node) === '') || flat ? inner : `(${inner})${occurrence(node)}`;
}

/** The content model of each global element of the service's XSD, by name. */
function elementModels(): Record<string, string> {
  const schema = parse(contractXsd(SERVICE_XSD_FILE_NAME)).documentElement as Element;
  return Object.fromEntries(
    particles(schema)
      .filter((node) => node.localName === 'element')
      .map((node) => {
        const type = particles(node).find((child) => child.localName === 'complexType');
        return [node.getAttribute('name') ?? '', type === undefined ? '' : contentModel(type)];
      }),
  );
}

/** The content model of each complex type of the types' XSD, by name. */
function typeModels(): Record<string, string> {
  const schema = parse(contractXsd(TYPES_XSD_FILE_NAME)).documentElement as Element;
  return Object.fromEntries(
    particles(schema)
      .filter((node) => node.localName === 'complexType')
      .map((node) => [node.getAttribute('name') ?? '', contentModel(node)]),
  );
}

/**
 * The operations' elements of the official schema (PresenceRegistration_protocol_v1.xsd, schema version
 * 1.11), as public code generated from it shows them.
 */
const OFFICIAL_ELEMENTS: Readonly<Record<string, string>> = {
  RegisterPresencesRequest: 'PresenceRegistrationRequest: PresenceRegistrationSubmitType{1..200}',
  RegisterPresencesResponse: 'PresenceRegistrationResponse: RegisterPresenceRegistrationResponse{1..200}',
  CancelPresencesRequest: 'CancelPresenceRequest: CancelPresenceRequestType{1..200}',
  CancelPresencesResponse: 'CancelPresenceResponse: CancelPresenceRegistrationResponse{1..200}',
  SearchPresencesRequest: 'SearchPresenceRequest: SearchPresencesRequestType',
  SearchPresencesResponse: 'SearchPresencesResponseType: SearchPresencesResponseType',
  GetPresenceRegistrationRequest: 'GetPresenceRegistrationRequest: GetPresenceRegistrationRequestType',
  GetPresenceRegistrationResponse: 'GetPresenceRegistrationResponseType: GetPresenceRegistrationResponseType',
};

/**
 * The complex types of the official schema (PresenceRegistration_types_v1.xsd, schema version 1.11), but
 * PresenceRegistration, which no element uses.
 */
const OFFICIAL_TYPES: Readonly<Record<string, string>> = {
  PresenceRegistrationSubmitType:
    'RegistrationDate: RegistrationDateType? ((INSS: INSSType CompanyID: CompanyIDType) | LimosaId: LimosaIdType) ' +
    'WorkPlaceId: WorkPlaceIdType ClientPresenceRegistrationReference: ClientReferenceType?',
  PresenceRegistrationConsultSubmitType:
    'RegistrationDate: RegistrationDateType? INSS: INSSType? CompanyID: CompanyIDType? LimosaId: LimosaIdType? ' +
    'VatNumber: VatNumberType? WorkPlaceId: WorkPlaceIdType ClientPresenceRegistrationReference: ClientReferenceType?',
  PresenceRegistrationType:
    '(PresenceRegistrationSubmitted: PresenceRegistrationSubmitType | ' +
    'PresenceRegistrationConsultSubmitted: PresenceRegistrationConsultSubmitType) Sector: WorkSectorType? ' +
    'INSS: INSSType? PresenceRegistrationId: PresenceRegistrationIdType CreationDate: CreationDateType ' +
    'Channel: ChannelType LastValidation: ValidationType ValidationHistory: ValidationHistoryType? Sender: SenderType?',
  ValidationType: 'Status: StatusType ValidationDate: ValidationDateType? RemarkList: RemarkListType?',
  RemarkListType: '(Remark: RemarkType){1..10}',
  ValidationHistoryType: 'Validation: ValidationType{1..unbounded}',
  SenderType: 'SenderId: UserIDType? SenderCompanyId: CompanyIDType? SenderUserType: UserType?',
  RegisterPresenceRegistrationResponse:
    'PresenceRegistration: PresenceRegistrationType | PresenceRegistrationError: RegisterPresenceRegistrationErrorType',
  RegisterPresenceRegistrationErrorType:
    'PresenceRegistrationSubmitted: PresenceRegistrationSubmitType ErrorList: RequestErrorType',
  CancelPresenceRegistrationResponse:
    'PresenceRegistration: PresenceRegistrationType | PresenceRegistrationError: CancelPresenceRegistrationErrorType',
  CancelPresenceRegistrationErrorType:
    'CancelPresenceRequest: CancelPresenceRequestType ErrorList: RequestErrorType',
  SearchPresenceRegistrationErrorType: 'ErrorList: RequestErrorType',
  RequestErrorType: 'Error: Error{1..10}',
  Error: 'ErrorCode: ErrorCode ErrorDescription: ErrorDescription',
  CancelPresenceRequestType:
    'PresenceRegistrationId: PresenceRegistrationIdType CancellationReason: CancelReasonType',
  SearchPresencesRequestType:
    'SearchPresenceRegistrationCriteria: SearchPresenceRegistrationCriteria ' +
    'PaginationProperties: PaginationPropertiesType? SortingProperties: SortingPropertiesType?',
  SearchPresenceRegistrationCriteria:
    'INSS: INSSType? CompanyID: CompanyIDType? WorkPlaceId: WorkPlaceIdType? StatusList: StatusListType? ' +
    'RemarkList: SearchRemarkListType? RegistrationPeriodList: RegistrationPeriodListType ' +
    'CreationStartDate: CreationDateType? CreationEndDate: CreationDateType? Sector: WorkSectorType?',
  StatusListType: 'Status: StatusType{1..4}',
  SearchRemarkListType: 'Remark: SearchRemarkType{1..17}',
  RegistrationPeriodListType: 'RegistrationPeriod: RegistrationPeriodType{1..31}',
  RegistrationPeriodType:
    'RegistrationPeriodStartDate: RegistrationDateType RegistrationPeriodEndDate: RegistrationDateType',
  PaginationPropertiesType: 'FirstRow: FirstRowType FetchSize: FetchSizeType',
  SortingPropertiesType: 'SortDirection: SortDirectionType SortCriteria: SortCriteriaType',
  SearchPresencesResponseType:
    'SearchPresencesRequest: SearchPresencesRequestType (PresenceRegistrationList: PresenceRegistrationList | ' +
    'PresenceRegistrationError: SearchPresenceRegistrationErrorType?)',
  PresenceRegistrationList:
    'PresenceRegistrationResultCount: PresenceRegistrationResultCountType ' +
    'PresenceRegistration: PresenceRegistrationType{0..500}',
  GetPresenceRegistrationRequestType: 'PresenceRegistrationId: PresenceRegistrationIdType',
  GetPresenceRegistrationResponseType:
    'GetPresenceRegistrationRequest: GetPresenceRegistrationRequestType ' +
    'GetPresenceRegistrationType: GetPresenceRegistrationType',
  GetPresenceRegistrationType: 'PresenceRegistrationType: PresenceRegistrationType?',
};

/**
 * Where this registry's schema differs from the official one, on purpose (the XSD says why): a registration
 * sent may hold any of INSS, CompanyID and LimosaId, in the official order, rather than the official choice.
 */
const KEPT_DIFFERENCES: Readonly<Record<string, string>> = {
  PresenceRegistrationSubmitType:
    'RegistrationDate: RegistrationDateType? INSS: INSSType? CompanyID: CompanyIDType? LimosaId: LimosaIdType? ' +
    'WorkPlaceId: WorkPlaceIdType ClientPresenceRegistrationReference: ClientReferenceType?',
};

describe('the contract files', () => {
  it('are well-formed XML, the schemas and the WSDL alike, as stored and as served', () => {
    const files = [
      ...CONTRACT_XSD_FILES.map((name) => contractXsd(name)),
      ...CONTRACT_XSD_FILES.map((name) => servedContractXsd(name, { endpoint: ENDPOINT })),
      readFileSync(join(contractFolder(), WSDL_FILE_NAME), 'utf8'),
      presenceRegistrationWsdl({ endpoint: ENDPOINT }),
    ];
    for (const file of files) expect(checkWellFormed(file)).toEqual({ valid: true, errors: '' });
  });

  it.skipIf(!XMLLINT_INSTALLED)(
    'hold schemas that xmllint compiles and validates an official request with, imports and all',
    () => {
      const request =
        '<v1:GetPresenceRegistrationRequest xmlns:v1="http://socialsecurity.be/presenceregistration/v1"' +
        ' xmlns:v11="http://socialsecurity.be/presenceregistration/schemas/v1">' +
        '<v1:GetPresenceRegistrationRequest><v11:PresenceRegistrationId>123456789012345</v11:PresenceRegistrationId>' +
        '</v1:GetPresenceRegistrationRequest></v1:GetPresenceRegistrationRequest>';
      expect(validateAgainstXsd(request)).toEqual({ valid: true, errors: '' });
      const tooLong = request.replace('123456789012345', '1234567890123456');
      expect(validateAgainstXsd(tooLong)).toMatchObject({
        valid: false,
        errors: expect.stringContaining('PresenceRegistrationId'),
      });
    },
  );

  it.skipIf(!XMLLINT_INSTALLED)(
    'hold a schema of the fault details that xmllint validates an official one with, xml:lang included',
    () => {
      const detail =
        '<err:BusinessError xmlns:err="http://socialsecurity.be/errors/v1" Id="INC-1"><err:Origin>client</err:Origin>' +
        '<err:Code>X</err:Code><err:Message xml:lang="nl">Fout</err:Message><err:Message xml:lang="fr">Erreur</err:Message>' +
        '<err:Retry>false</err:Retry><err:Environment>Simulation</err:Environment></err:BusinessError>';
      expect(validateAgainstXsd(detail)).toEqual({ valid: true, errors: '' });
      expect(validateAgainstXsd(detail.replace('xml:lang="nl"', 'xml:lang="not a tag"')).valid).toBe(false);
    },
  );

  it('are found from the compiled server too, past the copy of package.json the build leaves in dist', () => {
    const root = temporaryFolder();
    writeFileSync(join(root, 'package.json'), '{}');
    mkdirSync(join(root, 'soap'));
    writeFileSync(join(root, 'soap', SERVICE_XSD_FILE_NAME), '<xs:schema/>');
    mkdirSync(join(root, 'dist', 'src', 'soap'), { recursive: true });
    writeFileSync(join(root, 'dist', 'package.json'), '{}');
    expect(contractFolder(join(root, 'dist', 'src', 'soap'))).toBe(join(root, 'soap'));
    mkdirSync(join(root, 'src', 'soap'), { recursive: true });
    expect(contractFolder(join(root, 'src', 'soap'))).toBe(join(root, 'soap'));
  });

  it('are found from this source tree, next to package.json, each XSD by its file name', () => {
    expect(join(contractFolder(), WSDL_FILE_NAME)).toBe(soapFile(WSDL_FILE_NAME));
    for (const name of CONTRACT_XSD_FILES) {
      expect(contractXsd(name)).toBe(readFileSync(soapFile(name), 'utf8'));
    }
  });

  it('are not found when no folder above holds them, with a message that says which file', () => {
    const root = temporaryFolder();
    expect(() => contractFolder(root)).toThrow(SERVICE_XSD_FILE_NAME);
  });

  it('are the only files an XSD can be asked by, whatever name a request puts in', () => {
    expect(CONTRACT_XSD_FILES.every(isContractXsdFile)).toBe(true);
    for (const name of ['../package.json', WSDL_FILE_NAME, 'XML.XSD', '', 'soap/xml.xsd']) {
      expect(isContractXsdFile(name)).toBe(false);
      expect(() => contractXsd(name as ContractXsdFile)).toThrow(RangeError);
    }
  });
});

describe('the schemas', () => {
  it('are one per namespace of the official contract, their elements qualified', () => {
    for (const name of CONTRACT_XSD_FILES) {
      const schema = parse(contractXsd(name)).documentElement;
      expect(schema?.getAttribute('targetNamespace')).toBe(NAMESPACE_OF[name]);
      if (name !== XML_XSD_FILE_NAME) expect(schema?.getAttribute('elementFormDefault')).toBe('qualified');
    }
  });

  it('declare the request and response element of each operation in the service’s namespace', () => {
    expect(globalElements(SERVICE_XSD_FILE_NAME)).toEqual([
      'RegisterPresencesRequest',
      'RegisterPresencesResponse',
      'CancelPresencesRequest',
      'CancelPresencesResponse',
      'SearchPresencesRequest',
      'SearchPresencesResponse',
      'GetPresenceRegistrationRequest',
      'GetPresenceRegistrationResponse',
    ]);
  });

  it('declare the two fault details in the errors’ namespace, and no element in the types’', () => {
    expect(globalElements(ERRORS_XSD_FILE_NAME)).toEqual(['SystemError', 'BusinessError']);
    expect(globalElements(TYPES_XSD_FILE_NAME)).toEqual([]);
  });

  it('import one another by file name, each namespace from its own file', () => {
    expect(importsOf(parse(contractXsd(SERVICE_XSD_FILE_NAME)))).toEqual({
      [PRESENCE_REGISTRATION_TYPES_NS]: TYPES_XSD_FILE_NAME,
    });
    expect(importsOf(parse(contractXsd(ERRORS_XSD_FILE_NAME)))).toEqual({ [XML_NS]: XML_XSD_FILE_NAME });
    expect(importsOf(parse(contractXsd(TYPES_XSD_FILE_NAME)))).toEqual({});
  });

  it('have the statuses, remarks, sort criteria, directions and sectors of messages.ts, spelled the same', () => {
    expect(enumeration('StatusType')).toEqual([...PRESENCE_STATUSES]);
    expect(enumeration('RemarkType')).toEqual([...VALIDATION_REMARKS]);
    expect(enumeration('SortCriteriaType')).toEqual([...SORT_CRITERIA]);
    expect(enumeration('SortDirectionType')).toEqual([...SORT_DIRECTIONS]);
    expect(enumeration('WorkSectorType')).toEqual(SECTORS.map(String));
  });

  it('keep the two double spaces of the official remark about builders and subcontractors', () => {
    expect(enumeration('RemarkType')).toContain(
      'COMPANY IS NOT KNOWN  AS BUILDER OR  SUBCONTRACTOR IN THIS DUC',
    );
    expect(VALIDATION_REMARKS).toHaveLength(17);
  });

  it('give each operation’s element the official content: names, types, order and occurrences', () => {
    expect(elementModels()).toEqual(OFFICIAL_ELEMENTS);
  });

  it('give each type the official content, but for the one difference kept and documented', () => {
    expect(typeModels()).toEqual({ ...OFFICIAL_TYPES, ...KEPT_DIFFERENCES });
    for (const name of Object.keys(KEPT_DIFFERENCES)) expect(OFFICIAL_TYPES).toHaveProperty(name);
  });

  it('accept the answers of the official service, a refused search and a consulted registration included', () => {
    const service = 'xmlns:pr="http://socialsecurity.be/presenceregistration/v1"';
    const types = 'xmlns:t="http://socialsecurity.be/presenceregistration/schemas/v1"';
    const searched =
      '<t:SearchPresencesRequest><t:SearchPresenceRegistrationCriteria><t:RegistrationPeriodList>' +
      '<t:RegistrationPeriod><t:RegistrationPeriodStartDate>2026-12-01</t:RegistrationPeriodStartDate>' +
      '<t:RegistrationPeriodEndDate>2026-12-07</t:RegistrationPeriodEndDate></t:RegistrationPeriod>' +
      '</t:RegistrationPeriodList></t:SearchPresenceRegistrationCriteria></t:SearchPresencesRequest>';
    const refused =
      `<pr:SearchPresencesResponse ${service} ${types}><pr:SearchPresencesResponseType>${searched}` +
      '<t:PresenceRegistrationError><t:ErrorList><t:Error><t:ErrorCode>X</t:ErrorCode>' +
      '<t:ErrorDescription>Too many.</t:ErrorDescription></t:Error></t:ErrorList></t:PresenceRegistrationError>' +
      '</pr:SearchPresencesResponseType></pr:SearchPresencesResponse>';
    expect(validateAgainstXsd(refused)).toEqual({ valid: true, errors: '' });
    const consulted =
      `<pr:SearchPresencesResponse ${service} ${types}><pr:SearchPresencesResponseType>${searched}` +
      '<t:PresenceRegistrationList><t:PresenceRegistrationResultCount>1</t:PresenceRegistrationResultCount>' +
      '<t:PresenceRegistration><t:PresenceRegistrationConsultSubmitted><t:LimosaId>2491193660</t:LimosaId>' +
      '<t:VatNumber>FR40303265045</t:VatNumber><t:WorkPlaceId>1Y102M7NZF7PZ</t:WorkPlaceId>' +
      '</t:PresenceRegistrationConsultSubmitted><t:PresenceRegistrationId>1</t:PresenceRegistrationId>' +
      '<t:CreationDate>2026-12-07T08:00:00Z</t:CreationDate><t:Channel>WEBSERVICE</t:Channel>' +
      '<t:LastValidation><t:Status>VALIDATED</t:Status></t:LastValidation></t:PresenceRegistration>' +
      '</t:PresenceRegistrationList></pr:SearchPresencesResponseType></pr:SearchPresencesResponse>';
    expect(validateAgainstXsd(consulted)).toEqual({ valid: true, errors: '' });
  });

  it.skipIf(!XMLLINT_INSTALLED)(
    'refuse the search answer of this registry’s first draft, the list without the search it answers',
    () => {
      const draft =
        '<pr:SearchPresencesResponse xmlns:pr="http://socialsecurity.be/presenceregistration/v1"' +
        ' xmlns:t="http://socialsecurity.be/presenceregistration/schemas/v1"><pr:SearchPresenceResponse>' +
        '<t:PresenceRegistrationResultCount>0</t:PresenceRegistrationResultCount>' +
        '</pr:SearchPresenceResponse></pr:SearchPresencesResponse>';
      expect(validateAgainstXsd(draft).valid).toBe(false);
    },
  );
});

describe('the schemas as served', () => {
  it('are at the endpoint with ?xsd=<file name>', () => {
    expect(contractXsdUrl(ENDPOINT, TYPES_XSD_FILE_NAME)).toBe(
      'https://registry.example/PresenceRegistration/v1?xsd=presence-registration-types-v1.xsd',
    );
    expect(contractXsdUrl(new URL(`${ENDPOINT}?tenant=a#top`), XML_XSD_FILE_NAME)).toBe(
      'https://registry.example/PresenceRegistration/v1?tenant=a&xsd=xml.xsd',
    );
  });

  it('import one another from this server', () => {
    const served = (name: ContractXsdFile) => parse(servedContractXsd(name, { endpoint: ENDPOINT }));
    expect(importsOf(served(SERVICE_XSD_FILE_NAME))).toEqual({
      [PRESENCE_REGISTRATION_TYPES_NS]: `${ENDPOINT}?xsd=presence-registration-types-v1.xsd`,
    });
    expect(importsOf(served(ERRORS_XSD_FILE_NAME))).toEqual({ [XML_NS]: `${ENDPOINT}?xsd=xml.xsd` });
  });

  it('differ from the files only in their imports', () => {
    const served = servedContractXsd(TYPES_XSD_FILE_NAME, { endpoint: ENDPOINT });
    expect(elements(parse(served), XS, 'complexType').length).toBe(
      elements(parse(contractXsd(TYPES_XSD_FILE_NAME)), XS, 'complexType').length,
    );
    expect(served).toContain('COMPANY IS NOT KNOWN  AS BUILDER OR  SUBCONTRACTOR IN THIS DUC');
  });

  it('refuse an address that is not an absolute http(s) URL', () => {
    expect(() => servedContractXsd(SERVICE_XSD_FILE_NAME, { endpoint: '/PresenceRegistration/v1' })).toThrow(
      TypeError,
    );
    expect(() => contractXsdUrl('ftp://registry.example/v1', SERVICE_XSD_FILE_NAME)).toThrow(TypeError);
  });
});

describe('the WSDL', () => {
  const wsdl = parse(presenceRegistrationWsdl({ endpoint: ENDPOINT }));

  it('has the address it is given, and no placeholder left', () => {
    const [address] = elements(wsdl, WSDL_SOAP, 'address');
    expect(address?.getAttribute('location')).toBe(ENDPOINT);
    expect(presenceRegistrationWsdl({ endpoint: ENDPOINT })).not.toContain('localhost');
  });

  it('escapes an address with characters XML must escape', () => {
    const endpoint = 'https://registry.example/PresenceRegistration/v1?tenant=a&mode="x"';
    const text = presenceRegistrationWsdl({ endpoint });
    expect(checkWellFormed(text).valid).toBe(true);
    const [address] = elements(parse(text), WSDL_SOAP, 'address');
    expect(address?.getAttribute('location')).toBe(new URL(endpoint).href);
  });

  it('refuses an address that is not an absolute http(s) URL', () => {
    expect(() => presenceRegistrationWsdl({ endpoint: '/PresenceRegistration/v1' })).toThrow(TypeError);
    expect(() => presenceRegistrationWsdl({ endpoint: 'ftp://registry.example/v1' })).toThrow(TypeError);
  });

  it('imports the schema of each namespace from this server, or from its folder as stored', () => {
    expect(importsOf(wsdl)).toEqual({
      [PRESENCE_REGISTRATION_SERVICE_NS]: `${ENDPOINT}?xsd=presence-registration-v1.xsd`,
      [PRESENCE_REGISTRATION_TYPES_NS]: `${ENDPOINT}?xsd=presence-registration-types-v1.xsd`,
      [SOCIAL_SECURITY_ERRORS_NS]: `${ENDPOINT}?xsd=errors-v1.xsd`,
    });
    const stored = parse(readFileSync(soapFile(WSDL_FILE_NAME), 'utf8'));
    expect(importsOf(stored)).toEqual({
      [PRESENCE_REGISTRATION_SERVICE_NS]: SERVICE_XSD_FILE_NAME,
      [PRESENCE_REGISTRATION_TYPES_NS]: TYPES_XSD_FILE_NAME,
      [SOCIAL_SECURITY_ERRORS_NS]: ERRORS_XSD_FILE_NAME,
    });
  });

  it('has the four operations, each with both faults, bound to SOAP 1.1 as document/literal', () => {
    const portType = elements(wsdl, WSDL, 'portType')[0];
    const operations = Array.from(portType?.getElementsByTagNameNS(WSDL, 'operation') ?? []);
    expect(operations.map((o) => o.getAttribute('name'))).toEqual([...SOAP_OPERATIONS]);
    for (const operation of operations) {
      const faults = Array.from(operation.getElementsByTagNameNS(WSDL, 'fault')).map((f) =>
        f.getAttribute('name'),
      );
      expect(faults).toEqual(['SystemError', 'BusinessError']);
    }
    const [binding] = elements(wsdl, WSDL_SOAP, 'binding');
    expect(binding?.getAttribute('style')).toBe('document');
    expect(binding?.getAttribute('transport')).toBe('http://schemas.xmlsoap.org/soap/http');
    expect(elements(wsdl, WSDL_SOAP, 'body').every((body) => body.getAttribute('use') === 'literal')).toBe(
      true,
    );
  });

  it('has the official SOAP actions, which clients generated from either contract send', () => {
    const actions = elements(wsdl, WSDL_SOAP, 'operation').map((o) => o.getAttribute('soapAction'));
    expect(actions).toEqual(
      SOAP_OPERATIONS.map((operation) => `http://socialsecurity.be/presenceregistration/v1/${operation}`),
    );
  });

  it('refers only to elements the schemas declare, each in its namespace', () => {
    const declared = new Set([
      ...globalElements(SERVICE_XSD_FILE_NAME).map((name) => `{${PRESENCE_REGISTRATION_SERVICE_NS}}${name}`),
      ...globalElements(ERRORS_XSD_FILE_NAME).map((name) => `{${SOCIAL_SECURITY_ERRORS_NS}}${name}`),
    ]);
    const parts = elements(wsdl, WSDL, 'part').map((part) => {
      const [prefix, name] = (part.getAttribute('element') ?? '').split(':');
      return `{${wsdl.documentElement?.lookupNamespaceURI(prefix ?? '') ?? ''}}${name ?? ''}`;
    });
    expect(parts).toHaveLength(10);
    expect(new Set(parts)).toEqual(declared);
  });
});

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function temporaryFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'sitepresence-soap-'));
  folders.push(folder);
  return folder;
}
