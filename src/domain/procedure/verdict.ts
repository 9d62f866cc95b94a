import type { EnterpriseNumber } from '../enterprise-number.js';
import type { Texts, Verification } from './decision.js';
import type { Incident } from './incident.js';

/** What the inspection dossier concludes for one employer on one workplace and day. */
export const VERDICTS = [
  'REGISTERED',
  'PAPER_LISTING',
  'EXEMPT_REGISTRY_UNAVAILABLE',
  'EXEMPT_INFRASTRUCTURE',
  'NOT_EXEMPT',
  'NOTHING_RECORDED',
] as const;
export type VerdictCode = (typeof VERDICTS)[number];

/** What the registry holds about one employer's day on a workplace. */
export interface EmployerDay {
  readonly employer: EnterpriseNumber;
  /** Presences registered (not cancelled) through an electronic channel. */
  readonly registered: number;
  /** Presences captured back from a paper listing (channel `PAPER`). */
  readonly paperLines: number;
  readonly cancelled: number;
  /** Paper listings printed under a contact-center reference number. */
  readonly listings: number;
  readonly incidents: readonly Pick<Incident, 'id' | 'decision'>[];
}

/** The verdict on one employer's day, with what it rests on. */
export interface Verdict {
  readonly employer: EnterpriseNumber;
  readonly verdict: VerdictCode;
  readonly verification?: Verification;
  readonly incidentIds: readonly string[];
  readonly counts: { readonly registered: number; readonly paperLines: number; readonly cancelled: number };
  readonly detail: Texts;
}

/**
 * The verdict on an employer's day, by what covers its workers: an exemption for the day covers them all (the
 * registry's own outage, with whether its journal confirms it; or third-party infrastructure, for the competent
 * services to verify); else a paper listing under a reference number is the proof of notification and of
 * registration; else registered presences; else an incident that exempts nothing; else nothing at all.
 */
export function verdictFor(day: EmployerDay): Verdict {
  const base = {
    employer: day.employer,
    incidentIds: day.incidents.map((i) => i.id),
    counts: { registered: day.registered, paperLines: day.paperLines, cancelled: day.cancelled },
  };
  const exemptions = day.incidents.filter((i) => i.decision.exempt);
  const registry = exemptions.find((i) => i.decision.ground === 'REGISTRY_UNAVAILABLE');
  const confirmed = exemptions.find(
    (i) => i.decision.ground === 'REGISTRY_UNAVAILABLE' && i.decision.verification?.status === 'CONFIRMED',
  );
  const shown = confirmed ?? registry;
  if (shown !== undefined) {
    const status = shown.decision.verification?.status ?? 'TO_VERIFY';
    return {
      ...base,
      verdict: 'EXEMPT_REGISTRY_UNAVAILABLE',
      ...(shown.decision.verification === undefined ? {} : { verification: shown.decision.verification }),
      detail:
        status === 'CONFIRMED'
          ? {
              fr: 'Dispensé : indisponibilité de Checkin@Work, confirmée par le journal de disponibilité du registre.',
              nl: 'Vrijgesteld: onbeschikbaarheid van Checkin@Work, bevestigd door het beschikbaarheidslogboek van het register.',
              en: "Exempt: Checkin@Work unavailable, confirmed by the registry's availability journal.",
            }
          : {
              fr: 'Dispense invoquée : indisponibilité de Checkin@Work, NON confirmée par le journal de disponibilité du registre.',
              nl: 'Ingeroepen vrijstelling: onbeschikbaarheid van Checkin@Work, NIET bevestigd door het beschikbaarheidslogboek van het register.',
              en: "Exemption claimed: Checkin@Work unavailable, NOT confirmed by the registry's availability journal.",
            },
    };
  }
  const infrastructure = exemptions.find((i) => i.decision.ground === 'THIRD_PARTY_INFRASTRUCTURE');
  if (infrastructure !== undefined) {
    return {
      ...base,
      verdict: 'EXEMPT_INFRASTRUCTURE',
      verification: { status: 'TO_VERIFY', by: 'COMPETENT_SERVICES' },
      detail: {
        fr: "Dispense invoquée : panne d'infrastructure d'un tiers — à vérifier sur la base des preuves jointes à l'incident.",
        nl: 'Ingeroepen vrijstelling: storing van de infrastructuur van een derde — na te gaan aan de hand van de bewijzen bij het incident.',
        en: "Exemption claimed: a third party's infrastructure failed — to be verified from the evidence kept with the incident.",
      },
    };
  }
  if (day.listings > 0 || day.paperLines > 0) {
    return {
      ...base,
      verdict: 'PAPER_LISTING',
      detail: {
        fr: `Listing papier sous numéro de référence du centre de contact (${day.paperLines} ligne(s) encodée(s), ${day.registered} présence(s) enregistrée(s) par ailleurs).`,
        nl: `Papieren lijst met referentienummer van het contactcenter (${day.paperLines} regel(s) ingevoerd, ${day.registered} aanwezigheid/aanwezigheden elders geregistreerd).`,
        en: `Paper listing under a contact-center reference number (${day.paperLines} line(s) captured, ${day.registered} presence(s) registered otherwise).`,
      },
    };
  }
  if (day.registered > 0) {
    const open = day.incidents.filter((i) => i.decision.outcome !== 'RESOLVED').length;
    return {
      ...base,
      verdict: 'REGISTERED',
      detail: {
        fr: `${day.registered} présence(s) enregistrée(s)${open > 0 ? ` ; ${open} incident(s) sans dispense` : ''}.`,
        nl: `${day.registered} aanwezigheid/aanwezigheden geregistreerd${open > 0 ? `; ${open} incident(en) zonder vrijstelling` : ''}.`,
        en: `${day.registered} presence(s) registered${open > 0 ? `; ${open} incident(s) without exemption` : ''}.`,
      },
    };
  }
  if (day.incidents.length > 0) {
    const permanent = day.incidents.some((i) => i.decision.outcome === 'NOT_EXEMPT_PERMANENT_UNAVAILABILITY');
    return {
      ...base,
      verdict: 'NOT_EXEMPT',
      detail: permanent
        ? {
            fr: "Non dispensé : lieu de travail sans infrastructure de façon permanente — l'enregistrement devait se faire à l'avance ou à distance.",
            nl: 'Niet vrijgesteld: werkplaats blijvend zonder infrastructuur — de registratie moest op voorhand of op afstand gebeuren.',
            en: 'Not exempt: a workplace permanently without infrastructure — presences had to be registered in advance or remotely.',
          }
        : {
            fr: 'Non dispensé : un incident a été signalé, sans dispense ni listing papier sous numéro de référence.',
            nl: 'Niet vrijgesteld: er werd een incident gemeld, zonder vrijstelling en zonder papieren lijst met referentienummer.',
            en: 'Not exempt: an incident was reported, with no exemption and no paper listing under a reference number.',
          },
    };
  }
  return {
    ...base,
    verdict: 'NOTHING_RECORDED',
    detail: {
      fr: 'Rien : aucune présence, aucun incident, aucun listing papier pour ce jour.',
      nl: 'Niets: geen aanwezigheid, geen incident, geen papieren lijst voor deze dag.',
      en: 'Nothing: no presence, no incident, no paper listing for this day.',
    },
  };
}
