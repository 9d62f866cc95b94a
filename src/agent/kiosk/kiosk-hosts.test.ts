import { describe, expect, it } from 'vitest';
import {
  hostAllowed,
  hostAllowList,
  isHostValue,
  isLoopbackHost,
  kioskListenProblem,
} from './kiosk-hosts.js';

const TOKEN = 'k1osk-token-of-the-site-0123456789';
const LOOPBACK_HOSTS = hostAllowList('127.0.0.1', [], []);

describe('the kiosk endpoint', () => {
  describe('where it may listen', () => {
    it.each(['127.0.0.1', '127.0.1.1', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1'])(
      'takes %s for a loopback address',
      (host) => {
        expect(isLoopbackHost(host)).toBe(true);
      },
    );

    it.each(['0.0.0.0', '::', '192.168.1.20', 'agent.site.local', '10.0.0.1'])(
      'takes %s for an address others reach',
      (host) => {
        expect(isLoopbackHost(host)).toBe(false);
      },
    );

    it('refuses to listen beyond this computer without a token, and allows it with one', () => {
      expect(kioskListenProblem('0.0.0.0', undefined)).toMatchObject({
        code: 'FIELD_REQUIRED',
        field: 'kiosk-token',
      });
      expect(kioskListenProblem('0.0.0.0', TOKEN)).toBeUndefined();
      expect(kioskListenProblem('127.0.0.1', undefined)).toBeUndefined();
    });

    it('answers every address of the computer when it listens on all of them', () => {
      const hosts = hostAllowList('0.0.0.0', [], ['10.1.2.3', 'fe80::1']);
      expect(hostAllowed('10.1.2.3:8181', 8181, hosts)).toBe(true);
      expect(hostAllowed('[fe80::1]:8181', 8181, hosts)).toBe(true);
      expect(hostAllowed('0.0.0.0:8181', 8181, hosts)).toBe(false);
    });

    it('wants the port it listens on in the Host header', () => {
      expect(hostAllowed('localhost:8181', 8181, LOOPBACK_HOSTS)).toBe(true);
      expect(hostAllowed('localhost:8182', 8181, LOOPBACK_HOSTS)).toBe(false);
      expect(hostAllowed('localhost', 8181, LOOPBACK_HOSTS)).toBe(false);
      expect(hostAllowed(undefined, 8181, LOOPBACK_HOSTS)).toBe(false);
      expect(hostAllowed('local host:8181', 8181, LOOPBACK_HOSTS)).toBe(false);
    });
  });

  describe('the names --allow-host takes', () => {
    it.each(['agent.site.local', 'gate.example:8443', '192.168.1.20', '[fe80::1]', 'fe80::1'])(
      'takes %s',
      (value) => {
        expect(isHostValue(value)).toBe(true);
      },
    );

    it.each(['', 'local host', 'agent.site.local:0', 'agent.site.local:65536', 'http://agent.site.local'])(
      'refuses %j',
      (value) => {
        expect(isHostValue(value)).toBe(false);
      },
    );
  });
});
