import { Client } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerCertificate } from '../../src/app/sender-certificates.js';
import { signSoapEnvelope } from '../../src/soap/ws-security-sign.js';
import { DATABASES } from '../support/databases.js';
import { rawExchange } from '../support/raw-http.js';
import { TestRegistry, type Caller } from '../support/registry.js';
import { envelope, registration, soapCall } from '../support/soap.js';
import { OTHER_SENDER, TEST_SENDER } from '../support/test-certificates.js';

const SOAP_PATH = '/PresenceRegistration/v1';
const FAULTS_PATH = '/test/faults';

/** A registerPresences envelope of one item, for a new worker of the company on the workplace. */
function registerOne(registry: TestRegistry, company: Caller, workplaceId: string): string {
  const { niss } = registry.presenceItem(workplaceId, company).worker as { niss: string };
  return envelope(
    `<v1:RegisterPresencesRequest>${registration({ inss: niss, companyId: company.enterprise, workPlaceId: workplaceId })}` +
      '</v1:RegisterPresencesRequest>',
  );
}

describe('fault injection on the PresenceRegistration web service (SOAP_FAULT_INJECTION)', () => {
  const database = DATABASES[0]!;
  let registry: TestRegistry;
  let company: Caller;
  let workplaceId: string;

  /** Sets the fault plan, as a test on this host does. */
  async function plan(body: unknown, remoteAddress = '127.0.0.1') {
    const reply = await registry.app.inject({
      method: 'PUT',
      url: FAULTS_PATH,
      remoteAddress,
      payload: body as object,
    });
    return { status: reply.statusCode, body: reply.json() };
  }

  async function currentPlan(): Promise<unknown> {
    return (await registry.app.inject({ method: 'GET', url: FAULTS_PATH })).json();
  }

  /** How many presences the company has today on its workplace. */
  async function presencesToday(): Promise<number> {
    const today = registry.today();
    const found = await company.get(`/api/v1/presences?from=${today}&to=${today}&workplaceId=${workplaceId}`);
    expect(found.status).toBe(200);
    return (found.body.presences as unknown[]).length;
  }

  function signed(xml: string): string {
    return signSoapEnvelope(xml, TEST_SENDER, { now: registry.clock.now() });
  }

  beforeEach(async () => {
    registry = await TestRegistry.open(database, undefined, { soapFaultInjection: true });
    company = await registry.newCompany();
    workplaceId = (await registry.newWorkplace(company)).id;
    const made = await registerCertificate(registry.deps, {
      pem: TEST_SENDER.certificatePem,
      role: 'company',
      enterprise: company.enterprise,
      name: 'Relay under test',
    });
    if (!made.ok) throw new Error(JSON.stringify(made.error));
  });
  afterEach(async () => {
    await registry.close();
  });

  it('answers normally while the plan is none, and shows the plan as it was set', async () => {
    expect(await currentPlan()).toEqual({ fault: 'none' });
    expect((await soapCall(registry, registerOne(registry, company, workplaceId))).status).toBe(200);
    expect(await plan({ fault: 'delay', delayMs: 20, times: 3 })).toEqual({
      status: 200,
      body: { fault: 'delay', delayMs: 20, times: 3 },
    });
    expect(await currentPlan()).toEqual({ fault: 'delay', delayMs: 20, times: 3 });
    expect(await plan({ fault: 'none' })).toEqual({ status: 200, body: { fault: 'none' } });
  });

  it('refuses a plan that says one thing and means another, naming the field', async () => {
    const cases: [unknown, string, string][] = [
      [{ fault: 'explode' }, 'FIELD_VALUE', 'fault'],
      [{ fault: 'delay' }, 'FIELD_REQUIRED', 'delayMs'],
      [{ fault: 'system-error', delayMs: 10 }, 'FIELD_UNKNOWN', 'delayMs'],
      [{ fault: 'none', times: 1 }, 'FIELD_UNKNOWN', 'times'],
      [{ fault: 'drop-before', times: 0 }, 'FIELD_VALUE', 'times'],
      [{ fault: 'delay', delayMs: 600_001 }, 'FIELD_VALUE', 'delayMs'],
      [{ fault: 'unavailable', when: 'now' }, 'FIELD_UNKNOWN', 'when'],
    ];
    for (const [body, code, field] of cases) {
      const reply = await plan(body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.body.error.details ?? [reply.body.error]).toContainEqual(
        expect.objectContaining({ code, field }),
      );
    }
    expect(await currentPlan()).toEqual({ fault: 'none' });
  });

  it('answers only callers on this host, and is a route like no other (404) to anyone else', async () => {
    for (const address of ['::1', '::ffff:127.0.0.1', '127.0.0.2'])
      expect((await plan({ fault: 'unavailable', times: 1 }, address)).status).toBe(200);
    for (const address of ['192.0.2.10', '::ffff:192.0.2.10', '2001:db8::1']) {
      const refused = await plan({ fault: 'unavailable' }, address);
      expect(refused.status).toBe(404);
      expect(refused.body.error.code).toBe('NOT_FOUND');
      const read = await registry.app.inject({ method: 'GET', url: FAULTS_PATH, remoteAddress: address });
      expect(read.statusCode).toBe(404);
    }
    expect(await currentPlan()).toEqual({ fault: 'unavailable', times: 1 });
  });

  it('inflicts a fault on as many SOAP calls as its times, then answers normally again', async () => {
    await plan({ fault: 'system-error', times: 2 });
    // The WSDL is read as ever: only the calls POSTed to the endpoint count.
    const wsdl = await registry.app.inject({ method: 'GET', url: `${SOAP_PATH}?wsdl` });
    expect(wsdl.statusCode).toBe(200);
    expect(await currentPlan()).toEqual({ fault: 'system-error', times: 2 });
    expect((await soapCall(registry, registerOne(registry, company, workplaceId))).status).toBe(500);
    expect(await currentPlan()).toEqual({ fault: 'system-error', times: 1 });
    expect((await soapCall(registry, registerOne(registry, company, workplaceId))).status).toBe(500);
    expect(await currentPlan()).toEqual({ fault: 'none' });
    expect((await soapCall(registry, registerOne(registry, company, workplaceId))).status).toBe(200);
    expect(await presencesToday()).toBe(1);
  });

  it('keeps a fault without times until the plan changes', async () => {
    await plan({ fault: 'refuse-certificate' });
    for (let i = 0; i < 3; i += 1)
      expect((await soapCall(registry, registerOne(registry, company, workplaceId))).status).toBe(401);
    expect(await currentPlan()).toEqual({ fault: 'refuse-certificate' });
  });

  it('waits delayMs, then answers normally', async () => {
    await plan({ fault: 'delay', delayMs: 300, times: 1 });
    const started = performance.now();
    const reply = await soapCall(registry, registerOne(registry, company, workplaceId));
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(reply.status).toBe(200);
    expect(reply.body.RegisterPresencesResponse.PresenceRegistrationResponse).toHaveLength(1);
    expect(await presencesToday()).toBe(1);
  });

  it('answers a SystemError fault (soap:Server, HTTP 500) without processing the request', async () => {
    await plan({ fault: 'system-error', times: 1 });
    const reply = await soapCall(registry, registerOne(registry, company, workplaceId));
    expect(reply.status).toBe(500);
    expect(reply.body.Fault).toMatchObject({
      faultcode: 'soap:Server',
      detail: { SystemError: { Origin: 'server', Code: 'SYSTEM_ERROR', Retry: 'true' } },
    });
    expect(await presencesToday()).toBe(0);
  });

  it('answers 503 with Retry-After and a body that is no SOAP when unavailable, without processing', async () => {
    await plan({ fault: 'unavailable', times: 1 });
    const reply = await registry.app.inject({
      method: 'POST',
      url: SOAP_PATH,
      headers: { 'content-type': 'text/xml; charset=utf-8' },
      payload: signed(registerOne(registry, company, workplaceId)),
    });
    expect(reply.statusCode).toBe(503);
    expect(reply.headers['retry-after']).toMatch(/^\d+$/);
    expect(reply.headers['content-type']).toMatch(/^text\/plain/);
    expect(reply.body).not.toContain('Envelope');
    expect(await presencesToday()).toBe(0);
  });

  it('refuses the certificate exactly as for one registered for nobody, without processing', async () => {
    const unknown = await soapCall(registry, registerOne(registry, company, workplaceId), OTHER_SENDER);
    await plan({ fault: 'refuse-certificate', times: 1 });
    const refused = await soapCall(registry, registerOne(registry, company, workplaceId));
    expect(refused.status).toBe(401);
    expect(refused.status).toBe(unknown.status);
    expect(refused.xml).toBe(unknown.xml);
    expect(refused.body.Fault.detail.BusinessError.Code).toBe('CERTIFICATE_UNKNOWN');
    expect(await presencesToday()).toBe(0);
  });

  describe('over a real socket', () => {
    let origin: string;
    let client: Client;

    beforeEach(async () => {
      origin = await registry.app.listen({ port: 0, host: '127.0.0.1' });
      client = new Client(origin);
    });
    afterEach(async () => {
      await client.close();
    });

    function post(xml: string) {
      return client.request({
        path: SOAP_PATH,
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
        body: signed(xml),
      });
    }

    it('cuts the connection before processing when drop-before: not a byte answered, nothing written', async () => {
      await plan({ fault: 'drop-before', times: 2 });
      await expect(post(registerOne(registry, company, workplaceId))).rejects.toMatchObject({
        code: 'UND_ERR_SOCKET',
      });
      const body = signed(registerOne(registry, company, workplaceId));
      const exchange = await rawExchange(Number(new URL(origin).port), {
        send:
          `POST ${SOAP_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        waitMs: 5_000,
      });
      expect(exchange).toMatchObject({ received: '', closedAfterMs: expect.any(Number) });
      expect(await presencesToday()).toBe(0);
      // The plan spent, the next call is answered on a new connection.
      const next = await post(registerOne(registry, company, workplaceId));
      expect(next.statusCode).toBe(200);
      await next.body.text();
      expect(await presencesToday()).toBe(1);
    });

    it('cuts the connection after processing when drop-after: the registrations are committed all the same', async () => {
      await plan({ fault: 'drop-after', times: 1 });
      await expect(post(registerOne(registry, company, workplaceId))).rejects.toMatchObject({
        code: 'UND_ERR_SOCKET',
      });
      expect(await presencesToday()).toBe(1);
      const next = await post(registerOne(registry, company, workplaceId));
      expect(next.statusCode).toBe(200);
      await next.body.text();
      expect(await presencesToday()).toBe(2);
    });

    it('answers the other faults over the wire as in-process', async () => {
      await plan({ fault: 'unavailable', times: 1 });
      const unavailable = await post(registerOne(registry, company, workplaceId));
      expect(unavailable.statusCode).toBe(503);
      expect(unavailable.headers['retry-after']).toBe('1');
      await unavailable.body.text();
      const put = await client.request({
        path: FAULTS_PATH,
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ fault: 'delay', delayMs: 100, times: 1 }),
      });
      expect(put.statusCode).toBe(200);
      expect(await put.body.json()).toEqual({ fault: 'delay', delayMs: 100, times: 1 });
      const delayed = await post(registerOne(registry, company, workplaceId));
      expect(delayed.statusCode).toBe(200);
      await delayed.body.text();
    });
  });
});

describe('the PresenceRegistration web service without SOAP_FAULT_INJECTION', () => {
  let registry: TestRegistry;

  beforeEach(async () => {
    registry = await TestRegistry.open(DATABASES[0]!);
  });
  afterEach(async () => {
    await registry.close();
  });

  it('has no /test/faults (404), to callers on this host too', async () => {
    for (const method of ['GET', 'PUT'] as const) {
      const reply = await registry.app.inject({
        method,
        url: FAULTS_PATH,
        ...(method === 'PUT' ? { payload: { fault: 'drop-before' } } : {}),
      });
      expect(reply.statusCode).toBe(404);
      expect(reply.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    }
  });
});
