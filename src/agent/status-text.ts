import type { Texts } from '../domain/procedure/decision.js';
import type { CaptureState, JournalSummary } from './journal.js';

/** The languages the agent speaks to the people on site. */
export type Language = keyof Texts;

const STATE_NAMES: Record<CaptureState, Texts> = {
  PENDING: { fr: 'en attente', nl: 'wachtend', en: 'pending' },
  SENT: { fr: 'enregistrées', nl: 'geregistreerd', en: 'sent' },
  REJECTED: { fr: 'refusées', nl: 'geweigerd', en: 'rejected' },
  HELD: { fr: 'gardées pour la procédure', nl: 'bewaard voor de procedure', en: 'held for the procedure' },
  UNRESOLVED: { fr: 'badges inconnus', nl: 'onbekende badges', en: 'unknown badges' },
};

const LABELS = {
  captures: { fr: 'Présences saisies', nl: 'Vastgelegde aanwezigheden', en: 'Captures' },
  lastSuccess: { fr: 'Dernier envoi réussi', nl: 'Laatste geslaagde verzending', en: 'Last successful send' },
  lastError: { fr: 'Dernière erreur', nl: 'Laatste fout', en: 'Last error' },
  oldestPending: { fr: 'Plus ancienne en attente', nl: 'Oudste wachtende', en: 'Oldest pending' },
  never: { fr: 'jamais', nl: 'nooit', en: 'never' },
  none: { fr: 'aucune', nl: 'geen', en: 'none' },
  where: { fr: 'en cause', nl: 'oorzaak', en: 'where' },
} as const satisfies Record<string, Texts>;

const LOCATIONS: Record<string, Texts> = {
  LINE: { fr: 'notre ligne', nl: 'onze lijn', en: 'our line' },
  REGISTRY: { fr: 'le registre', nl: 'het register', en: 'the registry' },
  AGENT: { fr: "la configuration de l'agent", nl: 'de instelling van de agent', en: "the agent's settings" },
  UNKNOWN: { fr: 'inconnu', nl: 'onbekend', en: 'unknown' },
};

/** The language of the operator, from the environment (`LANG=nl_BE.UTF-8` gives Dutch); English otherwise. */
export function languageOf(env: Readonly<Record<string, string | undefined>>): Language {
  const lang = (env['SITEPRESENCE_LANG'] ?? env['LC_ALL'] ?? env['LC_MESSAGES'] ?? env['LANG'] ?? '').slice(
    0,
    2,
  );
  return lang === 'fr' || lang === 'nl' ? lang : 'en';
}

/** The journal at a glance, as lines of text in the operator's language. */
export function describeSummary(summary: JournalSummary, lang: Language): string[] {
  const counts = (Object.keys(STATE_NAMES) as CaptureState[])
    .map((state) => `${summary.counts[state]} ${STATE_NAMES[state][lang]}`)
    .join(', ');
  const lines = [`${LABELS.captures[lang]}: ${counts}`];
  lines.push(`${LABELS.lastSuccess[lang]}: ${summary.lastSuccess?.at ?? LABELS.never[lang]}`);
  const failure = summary.lastFailure;
  if (failure !== undefined && (summary.lastSuccess === undefined || failure.at > summary.lastSuccess.at)) {
    const where = LOCATIONS[failure.location ?? 'UNKNOWN'] ?? LOCATIONS['UNKNOWN'];
    lines.push(
      `${LABELS.lastError[lang]}: ${failure.at} ${failure.failureClass ?? ''} — ${failure.detail ?? ''}` +
        ` (${LABELS.where[lang]}: ${where?.[lang] ?? ''})`,
    );
  } else {
    lines.push(`${LABELS.lastError[lang]}: ${LABELS.none[lang]}`);
  }
  if (summary.oldestPending !== undefined)
    lines.push(`${LABELS.oldestPending[lang]}: ${summary.oldestPending}`);
  return lines;
}
