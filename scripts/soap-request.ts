// A small client of the registry's PresenceRegistration web service, for trying it by hand: it signs a SOAP 1.1
// envelope with WS-Security (the sender's certificate and private key, as the registry expects), POSTs it, and
// prints the answer. `npx tsx scripts/soap-request.ts --help` says how.
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { request } from 'undici';
import { signSoapEnvelope } from '../src/soap/ws-security-sign.js';

const program = new Command('soap-request')
  .description(
    'Signs a SOAP 1.1 envelope with WS-Security (X.509 token, timestamp, RSA-SHA256 signature over the Body and ' +
      'the timestamp) and POSTs it to a PresenceRegistration web service; prints the HTTP status and the answer.',
  )
  .argument('<envelope>', 'the unsigned envelope: a file, or - for standard input')
  .requiredOption('--url <url>', 'the service, e.g. http://127.0.0.1:8080/PresenceRegistration/v1')
  .requiredOption('--cert <file>', "the sender's certificate (PEM), registered with `sitepresence certs add`")
  .requiredOption('--key <file>', "the certificate's private key (PEM, unencrypted)")
  .action(async (envelope: string, options: { url: string; cert: string; key: string }) => {
    const unsigned = readFileSync(envelope === '-' ? 0 : envelope, 'utf8');
    const signed = signSoapEnvelope(
      unsigned,
      {
        certificatePem: readFileSync(options.cert, 'utf8'),
        privateKeyPem: readFileSync(options.key, 'utf8'),
      },
      { now: new Date() },
    );
    const reply = await request(options.url, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
      body: signed,
    });
    process.stdout.write(`HTTP ${reply.statusCode}\n${await reply.body.text()}\n`);
    if (reply.statusCode >= 400) process.exitCode = 1;
  });

await program.parseAsync();
