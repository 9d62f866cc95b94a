import { describeHours, isOpen, type ContactCenter } from './contact-center.js';
import type { Decision, Step } from './decision.js';
import type { AttemptChannel, Situation } from './situation.js';
import {
  callContactCenter,
  orContactForm,
  phoneMenu,
  question,
  step,
  useContactForm,
  writeReferenceOnListing,
} from './steps.js';

/**
 * The emergency procedure as one function: what a company that cannot register presences must do now, whether
 * its day is exempt and on what ground, and how that ground is checked. Pure: the time is in the situation, the
 * contact center's hours are an argument, the registry's journal check is filled in by the caller.
 *
 * - Presences registered through some channel (an attempt `OK`) end the procedure.
 * - The warning: on a workplace whose infrastructure is permanently unavailable the procedure never exempts
 *   (the presences are registered in advance or remotely); the contact center and the paper listing still
 *   apply, with that reminder.
 * - `THIRD_PARTY_INFRASTRUCTURE`: exempt for the day (step 3.1), to be verified by the competent services.
 * - `REGISTRY_UNAVAILABLE`: exempt for the day (the summary table), checked against the registry's journal.
 * - `PROVIDER`: contact the provider first (step 1); if it offers no solution, go on as the others.
 * - `OWN_COMPANY` and `UNKNOWN` (and `PROVIDER` after step 1): try another channel (step 2) — done once an
 *   attempt through another channel (for a provider's customer: not the provider's system nor its web service)
 *   has failed; then the contact center (step 3.2): by phone
 *   during opening hours, by the contact form outside them; with a reference number, the paper listing (3.3).
 *   `UNKNOWN` also asks the questions that tell the origins apart.
 */
export function decide(situation: Situation, center: ContactCenter): Decision {
  if (situation.channelsTried.some((attempt) => attempt.result === 'OK')) {
    return { outcome: 'RESOLVED', exempt: false, step: '2', nextSteps: [step('REGISTERED_OTHER_CHANNEL')] };
  }
  const exempting =
    situation.origin === 'THIRD_PARTY_INFRASTRUCTURE' || situation.origin === 'REGISTRY_UNAVAILABLE';
  if (situation.permanentlyWithoutInfrastructure && exempting) {
    return {
      outcome: 'NOT_EXEMPT_PERMANENT_UNAVAILABILITY',
      exempt: false,
      step: 'WARNING',
      nextSteps: PERMANENT,
    };
  }
  const decision = decideByOrigin(situation, center);
  // The warning removes exemptions only: the contact center and the paper listing still apply, with a reminder.
  return situation.permanentlyWithoutInfrastructure
    ? { ...decision, nextSteps: [...decision.nextSteps, ...PERMANENT] }
    : decision;
}

/** The warning's steps: never exempt; register in advance or remotely. */
const PERMANENT: readonly Step[] = [
  step('PERMANENT_NOT_EXEMPT'),
  step('ORGANISE_WITH_SUBCONTRACTORS'),
  step('REGISTER_IN_ADVANCE'),
  step('REGISTER_REMOTELY'),
];

function decideByOrigin(situation: Situation, center: ContactCenter): Decision {
  switch (situation.origin) {
    case 'THIRD_PARTY_INFRASTRUCTURE':
      return {
        outcome: 'EXEMPT_FOR_DAY',
        exempt: true,
        ground: 'THIRD_PARTY_INFRASTRUCTURE',
        verification: { status: 'TO_VERIFY', by: 'COMPETENT_SERVICES' },
        step: '3.1',
        nextSteps: [
          step('EXEMPT_INFRASTRUCTURE'),
          step('KEEP_EVIDENCE'),
          ...(situation.usesCoContractorMeans ? [step('CO_CONTRACTOR_MEANS_NOT_INFRASTRUCTURE')] : []),
        ],
      };
    case 'REGISTRY_UNAVAILABLE': {
      const status = situation.journal ?? 'TO_VERIFY';
      return {
        outcome: 'EXEMPT_FOR_DAY',
        exempt: true,
        ground: 'REGISTRY_UNAVAILABLE',
        verification: { status, by: 'REGISTRY_JOURNAL' },
        step: 'SUMMARY',
        nextSteps: [
          step('EXEMPT_REGISTRY'),
          step(
            status === 'CONFIRMED'
              ? 'REGISTRY_OUTAGE_CONFIRMED'
              : status === 'NOT_CONFIRMED'
                ? 'REGISTRY_OUTAGE_NOT_CONFIRMED'
                : 'REGISTRY_OUTAGE_TO_VERIFY',
          ),
        ],
      };
    }
    case 'PROVIDER':
      if (situation.providerContact === undefined) {
        return {
          outcome: 'CONTACT_PROVIDER',
          exempt: false,
          step: '1',
          nextSteps: [step('CONTACT_PROVIDER')],
        };
      }
      if (situation.providerContact.outcome === 'SOLVED') {
        return { outcome: 'RESOLVED', exempt: false, step: '1', nextSteps: [step('PROVIDER_SOLUTION')] };
      }
      return notExempt(situation, center);
    case 'OWN_COMPANY':
      return notExempt(situation, center);
    case 'UNKNOWN':
      return {
        ...notExempt(situation, center),
        questions: [
          question('ASK_PROVIDER'),
          question('ASK_REGISTRY'),
          question('ASK_INFRASTRUCTURE'),
          question('ASK_OWN_MEANS'),
        ],
      };
  }
}

/** The channels a provider's customer cannot count as "another channel": the provider's own. */
const PROVIDER_CHANNELS: readonly AttemptChannel[] = ['PROVIDER', 'WEB_SERVICE'];

/** Steps 2 and 3.2–3.3: another channel, then the contact center, then the paper listing. */
function notExempt(situation: Situation, center: ContactCenter): Decision {
  if (situation.referenceNumber !== undefined) {
    return {
      outcome: 'FILL_PAPER_LISTING',
      exempt: false,
      step: '3.3',
      nextSteps: [
        writeReferenceOnListing(situation.referenceNumber),
        step('LISTING_FIELDS'),
        step('LISTING_IS_PROOF'),
        step('CAPTURE_LISTING'),
      ],
    };
  }
  const triedAnother = situation.channelsTried.some(
    (attempt) =>
      attempt.result === 'FAILED' &&
      !(situation.origin === 'PROVIDER' ? PROVIDER_CHANNELS : ['PROVIDER']).includes(attempt.channel),
  );
  if (!triedAnother) {
    const steps: Step[] = [step('TRY_OTHER_CHANNEL')];
    if (situation.usesCoContractorMeans) steps.push(step('SUBCONTRACTOR_OTHER_CHANNEL'));
    return { outcome: 'TRY_OTHER_CHANNEL', exempt: false, step: '2', nextSteps: steps };
  }
  if (isOpen(center.hours, new Date(situation.at))) {
    return {
      outcome: 'CALL_CONTACT_CENTER',
      exempt: false,
      step: '3.2',
      nextSteps: [
        callContactCenter(center.phone),
        ...phoneMenu(),
        step('AGENT_REFERENCE'),
        orContactForm(),
        step('THEN_PAPER_LISTING'),
      ],
    };
  }
  return {
    outcome: 'USE_CONTACT_FORM',
    exempt: false,
    step: '3.2',
    nextSteps: [
      useContactForm(describeHours(center.hours)),
      step('FORM_REFERENCE'),
      step('THEN_PAPER_LISTING'),
    ],
  };
}
