import type { Texts } from '../domain/procedure/decision.js';
import type { AgentStatus } from './agent-status.js';
import type { CaptureState, JournalSummary } from './capture-journal.js';
import type { ProcedureRecord } from './procedure-store.js';
import type { FilingReport } from './procedure-filing.js';

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
  procedure: { fr: 'Procédure d’urgence', nl: 'Noodprocedure', en: 'Emergency procedure' },
  exempt: { fr: 'dispensée', nl: 'vrijgesteld', en: 'exempt' },
  filedOn: { fr: 'déposée le', nl: 'ingediend op', en: 'filed' },
  unknownBadges: {
    fr: 'Badges inconnus (à ajouter à la liste des travailleurs : agent roster import)',
    nl: 'Onbekende badges (toe te voegen aan de werknemerslijst: agent roster import)',
    en: 'Unknown badges (add them to the roster: agent roster import)',
  },
  lastSeen: { fr: 'vu la dernière fois', nl: 'laatst gezien', en: 'last seen' },
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

function whereOf(location: string | undefined, lang: Language): string {
  return (LOCATIONS[location ?? 'UNKNOWN'] ?? LOCATIONS['UNKNOWN'])?.[lang] ?? '';
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
    lines.push(
      `${LABELS.lastError[lang]}: ${failure.at} ${failure.failureClass ?? ''} — ${failure.detail ?? ''}` +
        ` (${LABELS.where[lang]}: ${whereOf(failure.location, lang)})`,
    );
  } else {
    lines.push(`${LABELS.lastError[lang]}: ${LABELS.none[lang]}`);
  }
  if (summary.oldestPending !== undefined)
    lines.push(`${LABELS.oldestPending[lang]}: ${summary.oldestPending}`);
  return lines;
}

/** A procedure in words, in the operator's language: the decision and its next steps. */
export function describeProcedure(record: ProcedureRecord, lang: Language): string[] {
  const lines = [
    `${LABELS.procedure[lang]} ${record.day}: ${record.decision.outcome}` +
      (record.decision.exempt ? ` (${LABELS.exempt[lang]})` : '') +
      (record.referenceNumber === undefined ? '' : ` — ${record.referenceNumber}`) +
      (record.closedAt === undefined ? '' : ` — ${LABELS.filedOn[lang]} ${record.closedAt}`),
  ];
  for (const step of record.decision.nextSteps) lines.push(`  • ${step.text[lang]}`);
  for (const question of record.decision.questions ?? []) lines.push(`  ? ${question.text[lang]}`);
  return lines;
}

/** What filing a day's procedure with the registry came to, in one line of the operator's language. */
export function describeFiling(report: FilingReport, lang: Language): string {
  const what = report.closed
    ? { fr: 'procédure déposée auprès du registre', nl: 'procedure ingediend bij het register', en: 'filed' }
    : { fr: 'procédure pas encore déposée', nl: 'procedure nog niet ingediend', en: 'not filed yet' };
  const details = [
    ...(report.incidentId === undefined ? [] : [`incident ${report.incidentId}`]),
    ...(report.linesFiled > 0
      ? [
          {
            fr: `${report.linesFiled} ligne(s) de la liste`,
            nl: `${report.linesFiled} regel(s) van de lijst`,
            en: `${report.linesFiled} line(s) of the listing`,
          }[lang],
        ]
      : []),
  ];
  return (
    `${report.day}: ${what[lang]}${details.length === 0 ? '' : ` (${details.join(', ')})`}` +
    (report.problem === undefined ? '' : ` — ${report.problem}`)
  );
}

/** The status as lines of text in the operator's language. */
export function describeStatus(status: AgentStatus, lang: Language): string[] {
  const lines = describeSummary(status, lang);
  for (const record of status.procedures) lines.push(...describeProcedure(record, lang));
  if (status.rejected.length > 0) {
    const shown = status.rejected.length;
    const total = status.counts.REJECTED;
    lines.push(
      {
        fr: `Refusées par le registre (les ${shown} plus récentes sur ${total}) :`,
        nl: `Geweigerd door het register (de ${shown} recentste van ${total}):`,
        en: `Rejected by the registry (the latest ${shown} of ${total}):`,
      }[lang],
    );
    for (const capture of status.rejected)
      lines.push(
        `  #${capture.sequence} ${capture.raw}: ` +
          (capture.rejection ?? []).map((e) => `${e.code} ${e.message}`).join('; '),
      );
  }
  if (status.unknownBadges.length > 0) {
    lines.push(`${LABELS.unknownBadges[lang]}:`);
    for (const badge of status.unknownBadges)
      lines.push(`  ${badge.raw}  ${badge.seen}× — ${LABELS.lastSeen[lang]} ${badge.lastSeenAt}`);
  }
  return lines;
}

/** What `agent run` says as it starts: what it sends, where, and where kiosks reach it. */
export function describeStart(
  start: {
    readonly workplaceId: string;
    readonly registryUrl: string;
    readonly pending: number;
    readonly kioskUrl?: string;
    readonly kioskToken: boolean;
  },
  lang: Language,
): string[] {
  const { workplaceId: w, registryUrl: url, pending } = start;
  const lines = [
    {
      fr: `sitepresence agent : envoie les présences du lieu de travail ${w} à ${url} (${pending} en attente)`,
      nl: `sitepresence agent: verstuurt de aanwezigheden van werkplaats ${w} naar ${url} (${pending} wachtend)`,
      en: `sitepresence agent: sending workplace ${w}'s presences to ${url} (${pending} pending)`,
    }[lang],
  ];
  if (start.kioskUrl !== undefined) {
    const label = { fr: 'bornes et lecteurs', nl: 'kiosken en lezers', en: 'kiosks and readers' }[lang];
    const token = start.kioskToken
      ? { fr: ' (avec le jeton des bornes)', nl: ' (met het kiosktoken)', en: ' (with the kiosk token)' }[
          lang
        ]
      : '';
    lines.push(`  ${label}: POST ${start.kioskUrl}/captures${token}`);
  }
  return lines;
}

/**
 * Whether the registry answers, as `agent run` follows it: `UNKNOWN` until an attempt made since it started,
 * `DOWN` from a failed attempt until one succeeds (with how many captures were sent when it went down).
 */
export type LineState =
  | { readonly kind: 'UNKNOWN'; readonly since: string }
  | { readonly kind: 'UP'; readonly since: string }
  | { readonly kind: 'DOWN'; readonly since: string; readonly sentBefore: number };

/**
 * The next state of the line from the journal's summary, and what to tell the operator: one line when the
 * registry stops answering (the failure's class and where it lies), one when it answers again (how many were
 * sent since it went down, how many still wait) — never one per retry. Attempts before `state.since` (those of
 * an earlier run) are not looked at.
 */
export function followLine(
  state: LineState,
  summary: JournalSummary,
  lang: Language,
): { readonly state: LineState; readonly lines: readonly string[] } {
  const attempt = summary.lastAttempt;
  if (attempt === undefined || attempt.at < state.since) return { state, lines: [] };
  if (attempt.outcome === 'FAILED') {
    if (state.kind === 'DOWN') return { state, lines: [] };
    const why = `${attempt.failureClass ?? '?'}, ${LABELS.where[lang]}: ${whereOf(attempt.location, lang)}`;
    return {
      state: { kind: 'DOWN', since: attempt.at, sentBefore: summary.counts.SENT },
      lines: [
        {
          fr: `Le registre ne répond pas (${why}) : les présences attendent dans le journal.`,
          nl: `Het register antwoordt niet (${why}): de aanwezigheden wachten in het journaal.`,
          en: `The registry cannot be reached (${why}): captures wait in the journal.`,
        }[lang],
      ],
    };
  }
  if (state.kind !== 'DOWN') return { state: { kind: 'UP', since: state.since }, lines: [] };
  const sent = summary.counts.SENT - state.sentBefore;
  const pending = summary.counts.PENDING;
  return {
    state: { kind: 'UP', since: attempt.at },
    lines: [
      {
        fr: `Le registre répond à nouveau : ${sent} envoyées, ${pending} encore en attente.`,
        nl: `Het register antwoordt weer: ${sent} verzonden, ${pending} nog wachtend.`,
        en: `The registry answers again: ${sent} sent, ${pending} still pending.`,
      }[lang],
    ],
  };
}

/** The prefix of a procedure's unexpected failure in `agent run`. */
export const PROCEDURE_FAILED: Texts = {
  fr: 'procédure : erreur',
  nl: 'procedure: fout',
  en: 'procedure: error',
};

/** What `agent listing` says once the PDF is written: the day's listings, where, and what to do with them. */
export function describeListingWritten(day: string, file: string, employers: number, lang: Language): string {
  return {
    fr: `Liste(s) de présence papier du ${day} (${employers} employeur(s)) écrite(s) dans ${file} : imprimez-les, remplissez-les, gardez-les sur le chantier.`,
    nl: `Papieren aanwezigheidslijst(en) van ${day} (${employers} werkgever(s)) geschreven naar ${file}: druk ze af, vul ze in, bewaar ze op de werf.`,
    en: `Paper attendance listing(s) of ${day} (${employers} employer(s)) written to ${file}: print them, fill them in, keep them on site.`,
  }[lang];
}
