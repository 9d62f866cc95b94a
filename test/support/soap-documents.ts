import type { Element } from '@xmldom/xmldom';
import { expect } from 'vitest';
import { PRESENCE_REGISTRATION_SERVICE_NS, PRESENCE_REGISTRATION_TYPES_NS } from '../../src/soap/contract.js';
import { strictParser, validateAgainstXsd } from './xsd.js';

/**
 * Looking into the SOAP documents the codec writes, parsed by the strict DOM parser: the element in an
 * envelope's Body, the names of an element's children, the namespaces depth by depth; and the expectations
 * every message of the contract meets.
 */

/**
 * The elements of a registration as submitted (a request's `PresenceRegistrationRequest`, a response's
 * `PresenceRegistrationSubmitted`), in the order of the schema's sequence.
 */
export const SUBMITTED_REGISTRATION_ELEMENTS = [
  'RegistrationDate',
  'INSS',
  'CompanyID',
  'LimosaId',
  'WorkPlaceId',
  'ClientPresenceRegistrationReference',
] as const;

/** The elements of a search's `SearchPresenceRegistrationCriteria`, in the order of the schema's sequence. */
export const SEARCH_CRITERIA_ELEMENTS = [
  'INSS',
  'CompanyID',
  'WorkPlaceId',
  'StatusList',
  'RemarkList',
  'RegistrationPeriodList',
  'CreationStartDate',
  'CreationEndDate',
  'Sector',
] as const;

/** The element in the Body of an envelope: an operation's request or response element, or a Fault. */
export function bodyElement(xml: string): Element {
  const envelope = strictParser().parseFromString(xml, 'text/xml').documentElement as Element;
  const body = childElements(envelope)[0] as Element;
  return childElements(body)[0] as Element;
}

/** The child elements of an element, in order (its texts and comments left out). */
export function childElements(parent: Element): Element[] {
  return Array.from(parent.childNodes).filter((node): node is Element => node.nodeType === node.ELEMENT_NODE);
}

/** The names of the children of the first element of that local name, whatever its namespace. */
export function childNames(xml: string, parent: string): string[] {
  const element = strictParser().parseFromString(xml, 'text/xml').getElementsByTagNameNS('*', parent).item(0);
  if (element === null) throw new Error(`no ${parent}`);
  return childElements(element).map((child) => child.localName ?? '');
}

/** The namespaces of an element's tree, depth by depth (0 for the element itself). */
export function namespacesByDepth(root: Element): string[][] {
  const depths: Set<string>[] = [];
  const visit = (element: Element, depth: number) => {
    (depths[depth] ??= new Set()).add(element.namespaceURI ?? '');
    for (const child of childElements(element)) visit(child, depth + 1);
  };
  visit(root, 0);
  return depths.map((namespaces) => [...namespaces]);
}

/**
 * Expects the namespaces of the official contract: the element in the Body (request or response) and its
 * direct children in the service's, every element below them in the types'.
 */
export function expectOfficialNamespaces(xml: string): void {
  const [operation, children, ...below] = namespacesByDepth(bodyElement(xml));
  expect(operation).toEqual([PRESENCE_REGISTRATION_SERVICE_NS]);
  expect(children).toEqual([PRESENCE_REGISTRATION_SERVICE_NS]);
  expect(below).not.toHaveLength(0);
  for (const namespaces of below) expect(namespaces).toEqual([PRESENCE_REGISTRATION_TYPES_NS]);
}

/** Expects the message valid against the XSD, showing xmllint's complaints when it is not. */
export function expectValid(xml: string): void {
  expect(validateAgainstXsd(xml)).toEqual({ valid: true, errors: '' });
}
