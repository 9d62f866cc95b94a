import {
  MAX_FETCH_SIZE,
  MAX_REGISTRATION_PERIODS,
  PRESENCE_STATUSES,
  VALIDATION_REMARKS,
  type Pagination,
  type PresenceStatus,
  type SearchCriteria,
  type Sector,
  type SortCriterion,
  type SortDirection,
  type Sorting,
  type ValidationRemark,
} from './messages.js';
import { presentChildren, type XmlChildren } from './xml-writer.js';

/**
 * How a builder writes each value of a search, given with its path (such as
 * `SearchPresenceRegistrationCriteria/RegistrationPeriodList/RegistrationPeriod[2]/RegistrationPeriodEndDate`):
 * checked against its simple type, a `RangeError` naming the path thrown when it does not fit (a request, never
 * changed on its way out), or made fit to be written (a response, echoing the search it read).
 */
export interface SearchValueWriting {
  readonly inss: (value: string, path: string) => string;
  readonly companyId: (value: string, path: string) => string;
  readonly workPlaceId: (value: string, path: string) => string;
  readonly status: (value: PresenceStatus, path: string) => string;
  readonly remark: (value: ValidationRemark, path: string) => string;
  /** A registration period's start or end, an xs:date. */
  readonly date: (value: string, path: string) => string;
  /** The creation start or end, an xs:dateTime. */
  readonly dateTime: (value: string, path: string) => string;
  readonly sector: (value: Sector, path: string) => string;
  readonly sortDirection: (value: SortDirection, path: string) => string;
  readonly sortCriterion: (value: SortCriterion, path: string) => string;
}

/**
 * A search as the schema's `SearchPresencesRequestType` holds it, the content of a request's
 * `SearchPresenceRequest` and of the `SearchPresencesRequest` a search's response echoes: the criteria, the
 * page, the order if any, each element in the order of the XSD's sequences and each value written by `values`,
 * in the order they are written. Throws a `RangeError` for a search the schema cannot hold, before any value
 * is written: no period or more than 31, more statuses or remarks than there are, a page starting before row
 * 0 or past the largest xs:int, a page of no row or more than 500.
 */
export function searchRequestChildren(
  criteria: SearchCriteria,
  pagination: Pagination,
  sorting: Sorting | undefined,
  values: SearchValueWriting,
): XmlChildren {
  const page = paginationProperties(pagination);
  return presentChildren([
    ['SearchPresenceRegistrationCriteria', searchCriteria(criteria, values)],
    // Always written, though the service defaults both: the official schema requires them when present.
    ['PaginationProperties', page],
    [
      'SortingProperties',
      sorting === undefined
        ? undefined
        : {
            SortDirection: values.sortDirection(sorting.direction, 'SortDirection'),
            SortCriteria: values.sortCriterion(sorting.criterion, 'SortCriteria'),
          },
    ],
  ]);
}

// ------------------------------------------------------------------------------------------------------

/** The largest xs:int, the base of FirstRowType. */
const MAX_INT = 2_147_483_647;

function paginationProperties(pagination: Pagination): XmlChildren {
  const { firstRow, fetchSize } = pagination;
  if (!Number.isSafeInteger(firstRow) || firstRow < 0 || firstRow > MAX_INT) {
    throw new RangeError(`A search starts at a row from 0 to ${MAX_INT}, not ${firstRow}.`);
  }
  if (!Number.isSafeInteger(fetchSize) || fetchSize < 1 || fetchSize > MAX_FETCH_SIZE) {
    throw new RangeError(`A search page has 1 to ${MAX_FETCH_SIZE} rows, not ${fetchSize}.`);
  }
  return { FirstRow: String(firstRow), FetchSize: String(fetchSize) };
}

function searchCriteria(criteria: SearchCriteria, values: SearchValueWriting): XmlChildren {
  const path = 'SearchPresenceRegistrationCriteria';
  const periods = listOf(criteria.registrationPeriods, 1, MAX_REGISTRATION_PERIODS, 'registration periods');
  const statuses = listOf(criteria.statuses ?? [], 0, PRESENCE_STATUSES.length, 'statuses');
  const remarks = listOf(criteria.remarks ?? [], 0, VALIDATION_REMARKS.length, 'remarks');
  const optional = <T>(value: T | undefined, write: (value: T) => string): string | undefined =>
    value === undefined ? undefined : write(value);
  return presentChildren([
    ['INSS', optional(criteria.inss, (v) => values.inss(v, `${path}/INSS`))],
    ['CompanyID', optional(criteria.companyId, (v) => values.companyId(v, `${path}/CompanyID`))],
    ['WorkPlaceId', optional(criteria.workPlaceId, (v) => values.workPlaceId(v, `${path}/WorkPlaceId`))],
    [
      'StatusList',
      statuses.length === 0
        ? undefined
        : { Status: statuses.map((status) => values.status(status, `${path}/StatusList/Status`)) },
    ],
    [
      'RemarkList',
      remarks.length === 0
        ? undefined
        : { Remark: remarks.map((remark) => values.remark(remark, `${path}/RemarkList/Remark`)) },
    ],
    [
      'RegistrationPeriodList',
      {
        RegistrationPeriod: periods.map((period, i) => {
          const at = `${path}/RegistrationPeriodList/RegistrationPeriod[${i + 1}]`;
          return {
            RegistrationPeriodStartDate: values.date(period.start, `${at}/RegistrationPeriodStartDate`),
            RegistrationPeriodEndDate: values.date(period.end, `${at}/RegistrationPeriodEndDate`),
          };
        }),
      },
    ],
    [
      'CreationStartDate',
      optional(criteria.creationStart, (v) => values.dateTime(v, `${path}/CreationStartDate`)),
    ],
    ['CreationEndDate', optional(criteria.creationEnd, (v) => values.dateTime(v, `${path}/CreationEndDate`))],
    ['Sector', optional(criteria.sector, (v) => values.sector(v, `${path}/Sector`))],
  ]);
}

/** The list, when the schema can hold that many of `what`. */
function listOf<T>(list: readonly T[], min: number, max: number, what: string): readonly T[] {
  if (list.length < min || list.length > max) {
    throw new RangeError(`A search holds ${min} to ${max} ${what}, not ${list.length}.`);
  }
  return list;
}
