import type { Texts } from './procedure/decision.js';
import type { UpstreamStatus } from './upstream.js';

/**
 * Where a presence stands at the official registry, in words for the company that registered it through a relay:
 * a short badge beside its own check. `PENDING` is no error until its day is over (the relay keeps sending);
 * `REFUSED` and a `PENDING` of a past day need the emergency procedure.
 */
export const UPSTREAM_STATUS_WORDS: Readonly<Record<UpstreamStatus, Texts>> = {
  PENDING: {
    fr: 'Registre officiel : en attente d’envoi (un jour à venir part la veille)',
    nl: 'Officieel register: wacht op verzending (een latere dag gaat de dag voordien)',
    en: 'Official registry: waiting to be sent (a later day goes the day before)',
  },
  SENT: {
    fr: 'Registre officiel : enregistrée',
    nl: 'Officieel register: geregistreerd',
    en: 'Official registry: registered',
  },
  VALIDATED: {
    fr: 'Registre officiel : vérifiée, en ordre',
    nl: 'Officieel register: gecontroleerd, in orde',
    en: 'Official registry: checked, in order',
  },
  FAILED: {
    fr: 'Registre officiel : acceptée, à régulariser',
    nl: 'Officieel register: aanvaard, te regulariseren',
    en: 'Official registry: accepted, to put right',
  },
  REFUSED: {
    fr: 'Registre officiel : refusée — suivez la procédure d’urgence',
    nl: 'Officieel register: geweigerd — volg de noodprocedure',
    en: 'Official registry: refused — follow the emergency procedure',
  },
  WITHHELD: {
    fr: 'Registre officiel : annulée avant envoi',
    nl: 'Officieel register: geannuleerd vóór verzending',
    en: 'Official registry: cancelled before it was sent',
  },
};
