import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  contactCenterFromEnvironment,
  contactCenterSettings,
  DEFAULT_DATABASE,
  describeDatabase,
  parseServerConfig,
} from './config.js';

describe('the server settings', () => {
  it('defaults to the embedded SQLite file on 127.0.0.1:8080', () => {
    expect(parseServerConfig({})).toMatchObject({
      database: DEFAULT_DATABASE,
      host: '127.0.0.1',
      port: 8080,
    });
  });

  it('names the setting that is wrong', () => {
    expect(() => parseServerConfig({ port: 'eighty' })).toThrow(/port/);
    expect(() => parseServerConfig({ logLevel: 'chatty' })).toThrow(/LOG_LEVEL/);
    expect(() => parseServerConfig({ poolSize: '0', database: 'postgres://h/db' })).toThrow(
      /DATABASE_POOL_SIZE/,
    );
  });

  it('believes the proxies in front only when told: any, or those at given addresses', () => {
    expect(parseServerConfig({}).trustProxy).toBeUndefined();
    expect(parseServerConfig({ trustProxy: 'true' }).trustProxy).toBe(true);
    expect(parseServerConfig({ trustProxy: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toBe(
      '10.0.0.0/8, 127.0.0.1',
    );
    expect(() => parseServerConfig({ trustProxy: 'everyone' })).toThrow(/TRUST_PROXY/);
  });

  it('injects SOAP faults only when SOAP_FAULT_INJECTION is on, a test-only setting off by default', () => {
    expect(parseServerConfig({}).soapFaultInjection).toBe(false);
    expect(parseServerConfig({ soapFaultInjection: 'off' }).soapFaultInjection).toBe(false);
    expect(parseServerConfig({ soapFaultInjection: 'on' }).soapFaultInjection).toBe(true);
    for (const bad of ['true', '1', 'ON', 'yes'])
      expect(() => parseServerConfig({ soapFaultInjection: bad })).toThrow(/SOAP_FAULT_INJECTION/);
  });

  it('takes a read replica only with PostgreSQL', () => {
    expect(() => parseServerConfig({ readDatabase: 'postgres://replica/db' })).toThrow(ConfigError);
    expect(
      parseServerConfig({ database: 'postgres://primary/db', readDatabase: 'postgres://replica/db' }),
    ).toMatchObject({
      readDatabase: 'postgres://replica/db',
    });
  });

  it('never prints a database password', () => {
    expect(describeDatabase('postgres://registry:s3cret@db.example/sp')).toBe(
      'postgres://registry:***@db.example/sp',
    );
    expect(describeDatabase('./data/sitepresence.db')).toBe('./data/sitepresence.db');
  });
});

describe('the contact center from the environment', () => {
  it('is read the same way by the server, the command line and the site agent', () => {
    const env = {
      CONTACT_CENTER_PHONE: '02 000 00 00',
      CONTACT_CENTER_HOURS: 'Mon-Sun 00:00-24:00',
      CONTACT_CENTER_CLOSED: '2026-12-24',
    };
    const fromEnvironment = contactCenterFromEnvironment(env);
    expect(fromEnvironment).toEqual({
      phone: '02 000 00 00',
      hours: { days: [1, 2, 3, 4, 5, 6, 7], opens: 0, closes: 24 * 60, closedOn: ['2026-12-24'] },
    });
    expect(parseServerConfig(contactCenterSettings(env)).contactCenter).toEqual(fromEnvironment);
    expect(contactCenterFromEnvironment({})).toEqual(parseServerConfig({}).contactCenter);
    expect(() => contactCenterFromEnvironment({ CONTACT_CENTER_HOURS: 'always' })).toThrow(
      /CONTACT_CENTER_HOURS/,
    );
  });
});
