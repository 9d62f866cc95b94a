import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { listCertificates, registerCertificate, revokeCertificate } from '../app/sender-certificates.js';
import { CERTIFICATE_ROLES } from '../domain/sender-certificate.js';
import type { SenderCertificateRecord } from '../store/sender-certificate-repository.js';
import { systemClock } from '../system/system-clock.js';
import type { WithDeps } from './user-commands.js';

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

function refuse(errors: readonly { code: string; message: string; field?: string }[]): void {
  for (const e of errors)
    say(`error: ${e.code}${e.field === undefined ? '' : ` (${e.field})`}: ${e.message}`);
  process.exitCode = 2;
}

/** Where a certificate stands today: in force, revoked, expired, or not valid yet. */
function stateOf(c: SenderCertificateRecord, now: number): string {
  if (c.revokedAt !== undefined) return `revoked ${c.revokedAt}`;
  if (Date.parse(c.notAfter) < now) return `expired ${c.notAfter}`;
  if (Date.parse(c.notBefore) > now) return `valid from ${c.notBefore}`;
  return `active until ${c.notAfter}`;
}

/** `sitepresence certs …`: the X.509 certificates that web-service senders sign their calls with. */
export function addCertificateCommands(
  program: Command,
  withDeps: WithDeps,
  databaseOption: () => Option,
): void {
  const certs = program
    .command('certs')
    .description(
      "Register, list and revoke the X.509 certificates of the web service's senders (SOAP calls signed with WS-Security)",
    );

  certs
    .command('add')
    .description(
      "Register a sender's certificate for a company or a provider; prints its id alone on standard output",
    )
    .requiredOption('--file <cert.pem>', 'the certificate in PEM form, alone (never its private key)')
    .addOption(
      new Option('--role <role>', 'whom calls signed with it act for')
        .choices(CERTIFICATE_ROLES)
        .makeOptionMandatory(),
    )
    .requiredOption('--enterprise <number>', 'the enterprise number (KBO/BCE) of that company or provider')
    .requiredOption('--name <name>', 'who or what sends with it')
    .addOption(databaseOption())
    .action(
      async (options: { file: string; role: string; enterprise: string; name: string; database: string }) => {
        let pem: string;
        try {
          pem = readFileSync(options.file, 'utf8');
        } catch (error) {
          say(`error: ${options.file} cannot be read: ${(error as Error).message}`);
          process.exitCode = 2;
          return;
        }
        const result = await withDeps(options.database, (deps) =>
          registerCertificate(deps, {
            pem,
            role: options.role,
            enterprise: options.enterprise,
            name: options.name,
          }),
        );
        if (!result.ok) {
          refuse(result.error);
          return;
        }
        const c = result.value;
        say(`Registered certificate ${c.id} (${c.role} ${c.enterprise}, "${c.name}").`);
        say(`  subject:     ${c.subject}`);
        say(`  SHA-256:     ${c.fingerprint256}`);
        say(`  valid:       ${c.notBefore} to ${c.notAfter}`);
        process.stdout.write(`${c.id}\n`);
      },
    );

  certs
    .command('list')
    .description('List the registered certificates, revoked and expired ones included')
    .option('--json', 'print JSON')
    .addOption(databaseOption())
    .action(async (options: { json?: boolean; database: string }) => {
      const list = await withDeps(options.database, (deps) => listCertificates(deps));
      if (options.json === true) {
        process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      if (list.length === 0) say('No certificates yet. Register one with: sitepresence certs add --help');
      const now = systemClock.now().getTime();
      for (const c of list)
        process.stdout.write(
          `${c.id}\t${c.role}\t${c.enterprise}\t${c.name}\t${c.fingerprint256}\t${c.subject}\t${stateOf(c, now)}\n`,
        );
    });

  certs
    .command('revoke')
    .description('Revoke a certificate at once: calls signed with it are refused from then on')
    .argument('<id>', 'the certificate id shown by certs list')
    .addOption(databaseOption())
    .action(async (id: string, options: { database: string }) => {
      const result = await withDeps(options.database, (deps) => revokeCertificate(deps, id));
      if (!result.ok) {
        refuse(result.error);
        return;
      }
      const c = result.value;
      say(`Revoked certificate ${c.id} ("${c.name}", ${c.fingerprint256}) at ${c.revokedAt ?? ''}.`);
    });
}
