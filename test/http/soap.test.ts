import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerCertificate, revokeCertificate } from '../../src/app/sender-certificates.js';
import { checkDuePresences } from '../../src/app/validate-presences.js';
import { DATABASES } from '../support/databases.js';
import { TestRegistry, type Caller } from '../support/registry.js';
import { envelope, registration, soapCall, type SoapReply } from '../support/soap.js';
import { OTHER_SENDER, TEST_SENDER, type TestCertificate } from '../support/test-certificates.js';

/** The registration of an accepted item, or the error of a refused one, in the order sent. */
function items(reply: SoapReply): { registration?: any; error?: any }[] {
  const response = reply.body.RegisterPresencesResponse ?? reply.body.CancelPresencesResponse;
  const list = response.PresenceRegistrationResponse ?? response.CancelPresenceResponse;
  return list.map((item: any) => ({
    registration: item.PresenceRegistration?.[0],
    error: item.PresenceRegistrationError,
  }));
}

/** The registration a getPresenceRegistration answered, if it found one. */
function found(reply: SoapReply): any {
  const response = reply.body.GetPresenceRegistrationResponse.GetPresenceRegistrationResponseType;
  return response.GetPresenceRegistrationType?.PresenceRegistrationType;
}

function register(...registrations: string[]): string {
  return envelope(`<v1:RegisterPresencesRequest>${registrations.join('')}</v1:RegisterPresencesRequest>`);
}

function get(id: string): string {
  return envelope(
    `<v1:GetPresenceRegistrationRequest><v1:GetPresenceRegistrationRequest><t:PresenceRegistrationId>${id}` +
      '</t:PresenceRegistrationId></v1:GetPresenceRegistrationRequest></v1:GetPresenceRegistrationRequest>',
  );
}

function cancel(id: string, reason = 'PLANNING'): string {
  return envelope(
    `<v1:CancelPresencesRequest><v1:CancelPresenceRequest><t:PresenceRegistrationId>${id}</t:PresenceRegistrationId>` +
      `<t:CancellationReason>${reason}</t:CancellationReason></v1:CancelPresenceRequest></v1:CancelPresencesRequest>`,
  );
}

for (const database of DATABASES) {
  describe.skipIf(!database.available)(`the PresenceRegistration web service (${database.name})`, () => {
    let registry: TestRegistry;
    let company: Caller;
    let workplace: { id: string };
    let niss: () => string;

    async function certify(caller: Caller, certificate: TestCertificate = TEST_SENDER): Promise<string> {
      const made = await registerCertificate(registry.deps, {
        pem: certificate.certificatePem,
        role: 'company',
        enterprise: caller.enterprise,
        name: 'Planning tool',
      });
      if (!made.ok) throw new Error(JSON.stringify(made.error));
      return made.value.id;
    }

    beforeEach(async () => {
      registry = await TestRegistry.open(database);
      company = await registry.newCompany();
      workplace = await registry.newWorkplace(company);
      niss = () => (registry.presenceItem(workplace.id, company).worker as { niss: string }).niss;
      await certify(company);
    });
    afterEach(async () => {
      await registry.close();
    });

    it('registers presences item by item, refusing a wrong one with the element and the rule', async () => {
      const good = niss();
      const reply = await soapCall(
        registry,
        register(
          registration({ inss: good, companyId: company.enterprise, workPlaceId: workplace.id }),
          registration({ inss: '85073003329', companyId: company.enterprise, workPlaceId: workplace.id }),
        ),
      );
      expect(reply.status).toBe(200);
      const [accepted, refused] = items(reply);
      expect(accepted?.registration).toMatchObject({
        PresenceRegistrationSubmitted: {
          INSS: good,
          WorkPlaceId: workplace.id,
          RegistrationDate: registry.today(),
        },
        INSS: good,
        LastValidation: { Status: 'SUCCESSFULLY REGISTERED' },
      });
      expect(accepted?.registration.PresenceRegistrationId).toMatch(/^[1-9][0-9]{14}$/);
      expect(refused?.error).toMatchObject({
        PresenceRegistrationSubmitted: { INSS: '85073003329' },
        ErrorList: { Error: [{ ErrorCode: 'NISS_CHECK_DIGITS' }] },
      });
      expect(refused?.error.ErrorList.Error[0].ErrorDescription).toMatch(/^INSS: /);
    });

    it('finds over JSON, with the same numbers, what was registered over SOAP, and cancels it there', async () => {
      const reply = await soapCall(
        registry,
        register(registration({ inss: niss(), companyId: company.enterprise, workPlaceId: workplace.id })),
      );
      const id = items(reply)[0]?.registration.PresenceRegistrationId as string;
      const read = await company.get(`/api/v1/presences/${id}`);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ registrationId: id, channel: 'WEB_SERVICE', status: 'REGISTERED' });
      const cancelled = await company.post('/api/v1/presences/cancel', {
        cancellations: [{ id: read.body.id, reason: 'Ill' }],
      });
      expect(cancelled.body.results[0]).toMatchObject({ status: 'CANCELLED' });
      const again = await soapCall(registry, get(id));
      expect(found(again)).toMatchObject({
        PresenceRegistrationId: id,
        LastValidation: { Status: 'SUCCESSFULLY CANCELLED' },
      });
    });

    it('cancels over SOAP what was registered over JSON', async () => {
      const [made] = await registry.register(company, registry.presenceItem(workplace.id, company));
      const reply = await soapCall(registry, cancel(made.presence.registrationId as string, 'HOLIDAY'));
      expect(reply.status).toBe(200);
      expect(items(reply)[0]?.registration).toMatchObject({
        PresenceRegistrationId: made.presence.registrationId,
        LastValidation: { Status: 'SUCCESSFULLY CANCELLED' },
      });
      const read = await company.get(`/api/v1/presences/${made.presence.id as string}`);
      expect(read.body).toMatchObject({ status: 'CANCELLED', cancellationReason: 'HOLIDAY' });
    });

    it('registers a worker given by LimosaId alone for the sending company, and a provider must name the company', async () => {
      const reply = await soapCall(
        registry,
        register(registration({ limosaId: '24911936', workPlaceId: workplace.id, reference: 'posted-1' })),
      );
      expect(reply.status).toBe(200);
      expect(items(reply)[0]?.registration).toMatchObject({
        PresenceRegistrationSubmitted: { LimosaId: '24911936', CompanyID: company.enterprise },
        LastValidation: { Status: 'SUCCESSFULLY REGISTERED' },
      });
      const provider = await registry.newProvider();
      await registerCertificate(registry.deps, {
        pem: OTHER_SENDER.certificatePem,
        role: 'provider',
        enterprise: provider.enterprise,
        name: 'Badge reader',
      });
      const refused = await soapCall(
        registry,
        register(registration({ limosaId: '24911936', workPlaceId: workplace.id })),
        OTHER_SENDER,
      );
      expect(items(refused)[0]?.error.ErrorList.Error[0].ErrorDescription).toMatch(/^CompanyID: /);
    });

    it('registers today or tomorrow, as the official web service does, and refuses the day after', async () => {
      const reply = await soapCall(
        registry,
        register(
          registration({
            date: registry.day(1),
            inss: niss(),
            companyId: company.enterprise,
            workPlaceId: workplace.id,
          }),
          registration({
            date: registry.day(2),
            inss: niss(),
            companyId: company.enterprise,
            workPlaceId: workplace.id,
          }),
        ),
      );
      const [tomorrow, later] = items(reply);
      expect(tomorrow?.registration.PresenceRegistrationSubmitted).toMatchObject({
        RegistrationDate: registry.day(1),
      });
      expect(later?.error).toMatchObject({ ErrorList: { Error: [{ ErrorCode: 'DATE_TOO_FAR' }] } });
    });

    it('takes a CompanyID without its leading 0, and answers a retry with the same reference with the first registration', async () => {
      const item = registration({
        inss: niss(),
        companyId: company.enterprise.replace(/^0/, ''),
        workPlaceId: workplace.id,
        reference: 'ERP-2026-000017',
      });
      const first = items(await soapCall(registry, register(item)))[0]?.registration;
      const retry = items(await soapCall(registry, register(item)))[0]?.registration;
      expect(first).toBeDefined();
      expect(retry?.PresenceRegistrationId).toBe(first.PresenceRegistrationId);
    });

    it('gives nothing for a registration the sender may not see, nor for an id that is no registration', async () => {
      const stranger = await registry.newCompany();
      const theirs = await registry.newWorkplace(stranger);
      const [made] = await registry.register(stranger, registry.presenceItem(theirs.id, stranger));
      for (const id of [made.presence.registrationId as string, '100000000000047']) {
        const reply = await soapCall(registry, get(id));
        expect(reply.status).toBe(200);
        expect(found(reply)).toBeUndefined();
      }
    });

    it('searches a period page by page, sorted as asked, counting every match', async () => {
      const registered: string[] = [];
      for (let i = 0; i < 7; i += 1) {
        const [made] = await registry.register(company, registry.presenceItem(workplace.id, company));
        registered.push(made.presence.registrationId as string);
      }
      const search = (firstRow: number, direction: string): string =>
        envelope(
          '<v1:SearchPresencesRequest><v1:SearchPresenceRequest><t:SearchPresenceRegistrationCriteria>' +
            `<t:WorkPlaceId>${workplace.id}</t:WorkPlaceId><t:RegistrationPeriodList><t:RegistrationPeriod>` +
            `<t:RegistrationPeriodStartDate>${registry.today()}</t:RegistrationPeriodStartDate>` +
            `<t:RegistrationPeriodEndDate>${registry.day(1)}</t:RegistrationPeriodEndDate>` +
            '</t:RegistrationPeriod></t:RegistrationPeriodList></t:SearchPresenceRegistrationCriteria>' +
            `<t:PaginationProperties><t:FirstRow>${firstRow}</t:FirstRow><t:FetchSize>3</t:FetchSize></t:PaginationProperties>` +
            `<t:SortingProperties><t:SortDirection>${direction}</t:SortDirection><t:SortCriteria>ID</t:SortCriteria>` +
            '</t:SortingProperties></v1:SearchPresenceRequest></v1:SearchPresencesRequest>',
        );
      const pages = [];
      for (const firstRow of [0, 3, 6]) {
        const reply = await soapCall(registry, search(firstRow, 'DESCENDING'));
        expect(reply.status).toBe(200);
        pages.push(reply.body.SearchPresencesResponse.SearchPresencesResponseType.PresenceRegistrationList);
      }
      expect(pages.map((p) => Number(p.PresenceRegistrationResultCount))).toEqual([7, 7, 7]);
      const ids = pages.flatMap((p) =>
        (p.PresenceRegistration ?? []).map((r: any) => r.PresenceRegistrationId),
      );
      expect(ids).toEqual([...registered].sort().reverse());
    });

    it('shows each check: accepted, then FAILED with the official remark, found by remark and status, VALIDATED once fixed', async () => {
      const worker = niss();
      const reply = await soapCall(
        registry,
        register(registration({ inss: worker, companyId: company.enterprise, workPlaceId: workplace.id })),
      );
      const id = items(reply)[0]?.registration.PresenceRegistrationId as string;
      expect(found(await soapCall(registry, get(id)))).toMatchObject({
        LastValidation: { Status: 'SUCCESSFULLY REGISTERED' },
      });
      expect(found(await soapCall(registry, get(id))).ValidationHistory).toBeUndefined();
      // An employment register that has no line for this worker.
      const someone = registry.newNiss();
      await registry.deps.store.declarations.load(
        'employment',
        [
          {
            register: 'employment',
            employer: company.enterprise as never,
            worker: someone as never,
            from: registry.today(),
          },
        ],
        'merge',
        registry.clock.now().toISOString(),
      );
      registry.clock.advance(2_000);
      expect(await checkDuePresences(registry.deps)).toBe(1);
      const failed = found(await soapCall(registry, get(id)));
      expect(failed.LastValidation).toMatchObject({
        Status: 'FAILED',
        ValidationDate: registry.clock.now().toISOString(),
        RemarkList: { Remark: ['RELATED DIMONA NOT OK'] },
      });
      expect([failed.ValidationHistory.Validation].flat()).toHaveLength(1);

      const search = (filters: string): string =>
        envelope(
          '<v1:SearchPresencesRequest><v1:SearchPresenceRequest><t:SearchPresenceRegistrationCriteria>' +
            `${filters}<t:RegistrationPeriodList><t:RegistrationPeriod>` +
            `<t:RegistrationPeriodStartDate>${registry.today()}</t:RegistrationPeriodStartDate>` +
            `<t:RegistrationPeriodEndDate>${registry.today()}</t:RegistrationPeriodEndDate>` +
            '</t:RegistrationPeriod></t:RegistrationPeriodList></t:SearchPresenceRegistrationCriteria>' +
            '</v1:SearchPresenceRequest></v1:SearchPresencesRequest>',
        );
      const idsFound = async (filters: string): Promise<string[]> => {
        const list = (await soapCall(registry, search(filters))).body.SearchPresencesResponse
          .SearchPresencesResponseType.PresenceRegistrationList;
        return (list.PresenceRegistration ?? []).map((r: any) => r.PresenceRegistrationId);
      };
      expect(
        await idsFound('<t:RemarkList><t:Remark>RELATED DIMONA NOT OK</t:Remark></t:RemarkList>'),
      ).toEqual([id]);
      expect(
        await idsFound('<t:RemarkList><t:Remark>LIMOSA ID IS NOT KNOWN</t:Remark></t:RemarkList>'),
      ).toEqual([]);
      expect(
        await idsFound(
          '<t:StatusList><t:Status>FAILED</t:Status><t:Status>VALIDATED</t:Status></t:StatusList>',
        ),
      ).toEqual([id]);
      expect(
        await idsFound('<t:StatusList><t:Status>SUCCESSFULLY REGISTERED</t:Status></t:StatusList>'),
      ).toEqual([]);

      // The same over JSON: the validation with its remark codes, and the filters.
      const read = await company.get(`/api/v1/presences/${id}`);
      expect(read.body.validation).toMatchObject({ status: 'FAILED', remarks: ['RELATED_DIMONA_NOT_OK'] });
      const byRemark = await company.get(
        `/api/v1/presences?from=${registry.today()}&to=${registry.today()}&remark=RELATED_DIMONA_NOT_OK,LIMOSA_ID_NOT_KNOWN`,
      );
      expect(byRemark.body.presences.map((p: any) => p.registrationId)).toEqual([id]);
      const validated = await company.get(
        `/api/v1/presences?from=${registry.today()}&to=${registry.today()}&validation=VALIDATED`,
      );
      expect(validated.body.presences).toEqual([]);
      const unknown = await company.get(
        `/api/v1/presences?from=${registry.today()}&to=${registry.today()}&remark=NOPE`,
      );
      expect(unknown.status).toBe(400);
      expect(unknown.body.error).toMatchObject({
        code: 'FIELD_VALUE',
        details: [expect.objectContaining({ code: 'FIELD_VALUE', field: 'remark' })],
      });

      // The employer declares the worker: checked again, validated, the history keeps both checks.
      await registry.deps.store.declarations.load(
        'employment',
        [
          {
            register: 'employment',
            employer: company.enterprise as never,
            worker: worker as never,
            from: registry.today(),
          },
        ],
        'merge',
        registry.clock.now().toISOString(),
      );
      registry.clock.advance(2_000);
      expect(await checkDuePresences(registry.deps)).toBe(1);
      const fixed = found(await soapCall(registry, get(id)));
      expect(fixed.LastValidation).toMatchObject({ Status: 'VALIDATED' });
      expect(fixed.LastValidation.RemarkList).toBeUndefined();
      expect(fixed.ValidationHistory.Validation.map((v: any) => v.Status)).toEqual(['FAILED', 'VALIDATED']);
    });

    describe('who may call', () => {
      const one = (): string =>
        register(registration({ inss: '85073003328', workPlaceId: 'DEMO0001', companyId: '403019261' }));

      it('refuses an unsigned message, and one signed by a certificate registered for nobody', async () => {
        for (const signer of [null, OTHER_SENDER]) {
          const reply = await soapCall(registry, one(), signer);
          expect(reply.status).toBe(401);
          expect(reply.body.Fault).toMatchObject({ faultcode: 'soap:Client' });
        }
      });

      it('refuses a certificate once revoked', async () => {
        const other = await registry.newCompany();
        const id = await certify(other, OTHER_SENDER);
        await revokeCertificate(registry.deps, id);
        const reply = await soapCall(registry, one(), OTHER_SENDER);
        expect(reply.status).toBe(401);
      });

      it('refuses a signed message sent a second time', async () => {
        const signed = (await import('../../src/soap/ws-security-sign.js')).signSoapEnvelope(
          one(),
          TEST_SENDER,
          {
            now: registry.clock.now(),
          },
        );
        const send = () =>
          registry.app.inject({
            method: 'POST',
            url: '/PresenceRegistration/v1',
            headers: { 'content-type': 'text/xml' },
            payload: signed,
          });
        expect((await send()).statusCode).toBe(200);
        const replayed = await send();
        expect(replayed.statusCode).toBe(401);
        expect(replayed.body).toContain('MESSAGE_REPLAYED');
      });
    });

    describe('bad input', () => {
      it('answers malformed XML, entity declarations and 201 items with a fault naming the problem, writing nothing', async () => {
        const many = Array.from({ length: 201 }, () =>
          registration({ inss: niss(), companyId: company.enterprise, workPlaceId: workplace.id }),
        );
        const cases: [string, TestCertificate | null, number][] = [
          ['<soap:Envelope><soap:Body>', null, 400],
          [`<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${register()}`, null, 400],
          [register(...many), TEST_SENDER, 400],
        ];
        for (const [xml, signer, status] of cases) {
          const reply = await soapCall(registry, xml, signer);
          expect(reply.status).toBe(status);
          expect(reply.body.Fault.faultcode).toBe('soap:Client');
        }
        const found = await company.get(
          `/api/v1/presences?from=${registry.today()}&to=${registry.today()}&workplaceId=${workplace.id}`,
        );
        expect(found.body.presences).toEqual([]);
      });

      it('answers a body over 1 MiB, and one of a media type it does not read, with a fault', async () => {
        const cases: [string, string, number, string][] = [
          ['text/xml', `${envelope('')}${' '.repeat(1024 * 1024)}`, 413, 'BODY_TOO_LARGE'],
          ['text/plain', envelope(''), 415, 'MEDIA_TYPE_UNSUPPORTED'],
        ];
        for (const [type, payload, status, code] of cases) {
          const reply = await registry.app.inject({
            method: 'POST',
            url: '/PresenceRegistration/v1',
            headers: { 'content-type': type },
            payload,
          });
          expect(reply.statusCode).toBe(status);
          expect(reply.body).toContain('<faultcode>soap:Client</faultcode>');
          expect(reply.body).toContain(code);
        }
      });

      it('answers a body of another media type with a fault', async () => {
        const reply = await registry.app.inject({
          method: 'POST',
          url: '/PresenceRegistration/v1',
          headers: { 'content-type': 'application/json' },
          payload: '{}',
        });
        expect(reply.statusCode).toBe(415);
        expect(reply.body).toContain('soap:Client');
      });
    });

    it('serves its WSDL and its schemas with its own address', async () => {
      const wsdl = await registry.app.inject({
        method: 'GET',
        url: '/PresenceRegistration/v1?wsdl',
        headers: { host: 'registry.example:8443' },
      });
      expect(wsdl.statusCode).toBe(200);
      expect(wsdl.body).toContain('location="http://registry.example:8443/PresenceRegistration/v1"');
      expect(wsdl.body).toContain(
        'http://registry.example:8443/PresenceRegistration/v1?xsd=presence-registration-v1.xsd',
      );
      const xsd = await registry.app.inject({
        method: 'GET',
        url: '/PresenceRegistration/v1?xsd=errors-v1.xsd',
      });
      expect(xsd.statusCode).toBe(200);
      expect(xsd.body).toContain('targetNamespace="http://socialsecurity.be/errors/v1"');
      const other = await registry.app.inject({
        method: 'GET',
        url: '/PresenceRegistration/v1?xsd=../../etc/passwd',
      });
      expect(other.statusCode).toBe(404);
    });

    it('records each call in the audit trail with its operation, a search as a read', async () => {
      await soapCall(registry, get('100000000000047'));
      await registry.audit.drain();
      const records = await registry.deps.store.audit.list({ limit: 10 });
      expect(records.at(-1)).toMatchObject({
        action: 'POST /PresenceRegistration/v1',
        personalData: true,
        details: { operation: 'getPresenceRegistration' },
      });
    });
  });
}
