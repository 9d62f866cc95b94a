import { render } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { brusselsDate } from '../../src/domain/calendar-date.js';
import type { ErrorCode } from '../../src/domain/errors.js';
import { parseEnterpriseNumber } from '../../src/domain/enterprise-number.js';
import { formatWorker, parseWorker, workerInputOf } from '../../src/domain/worker.js';
import type { MobileConfig } from '../../src/web/mobile-config.js';
import { CaptureStore, type StoredCapture } from './capture-store.js';
import { Sync, type SyncOutcome } from './sync.js';

/** How long captures already sent (or refused) stay listed on the phone. */
const KEEP_SETTLED_MS = 7 * 24 * 60 * 60_000;

/** How often the page tries again to send what is unsent (besides when the network comes back). */
const RETRY_MS = 30_000;

function App(props: { readonly config: MobileConfig; readonly store: CaptureStore; readonly sync: Sync }) {
  const { config, store, sync } = props;
  const { texts } = config;
  const [captures, setCaptures] = useState<StoredCapture[]>([]);
  const [online, setOnline] = useState(navigator.onLine);
  const [signedOut, setSignedOut] = useState(false);
  const [workplaceId, setWorkplaceId] = useState(config.workplaces[0]?.id ?? '');
  const [employer, setEmployer] = useState(config.employer);
  const [number, setNumber] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [employerError, setEmployerError] = useState<string | undefined>(undefined);

  const refresh = useCallback(async () => {
    setCaptures(await store.list(config.userId));
  }, [store, config.userId]);

  const send = useCallback(async () => {
    const outcome: SyncOutcome = await sync.run();
    setSignedOut(outcome === 'SIGNED_OUT');
    await refresh();
  }, [sync, refresh]);

  useEffect(() => {
    void refresh().then(send);
    const up = () => {
      setOnline(true);
      void send();
    };
    const down = () => {
      setOnline(false);
    };
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    const timer = window.setInterval(() => void send(), RETRY_MS);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
      window.clearInterval(timer);
    };
  }, [refresh, send]);

  const capture = async (event: Event) => {
    event.preventDefault();
    const worker = parseWorker(workerInputOf(number));
    const company = parseEnterpriseNumber(employer);
    setError(worker.ok ? undefined : (config.errorTexts[worker.error.code] ?? worker.error.message));
    setEmployerError(
      company.ok ? undefined : (config.errorTexts[company.error.code] ?? company.error.message),
    );
    if (!worker.ok || !company.ok) return;
    const now = new Date();
    await store.add({
      userId: config.userId,
      clientReference: crypto.randomUUID(),
      capturedAt: now.toISOString(),
      registrationDate: brusselsDate(now),
      workplaceId,
      worker: worker.value,
      employer: company.value,
      state: 'UNSENT',
    });
    setNumber('');
    await refresh();
    await send();
  };

  const unsent = captures.filter((c) => c.state === 'UNSENT').length;
  const names = new Map(config.roster.map((r) => [r.worker, r.name]));
  return (
    <div class="mobile">
      <p
        class={`sync-state ${unsent > 0 ? 'warning' : ''}`}
        role="status"
        aria-live="polite"
        data-unsent={unsent}
      >
        <span class="badge">{online ? texts.online : texts.offline}</span>{' '}
        {unsent > 0 ? texts.unsentCount.replace('{count}', String(unsent)) : texts.allSent}{' '}
        {unsent > 0 && online ? (
          <button type="button" class="secondary" onClick={() => void send()}>
            {texts.sendNow}
          </button>
        ) : null}
      </p>
      {signedOut ? (
        <p class="notice">
          <a href="/sign-in?back=/mobile">{texts.signInAgain}</a>
        </p>
      ) : null}
      <form class="stacked" onSubmit={(e) => void capture(e)} noValidate>
        <label for="m-workplace">{texts.workplace}</label>
        <select
          id="m-workplace"
          value={workplaceId}
          onChange={(e) => {
            setWorkplaceId(e.currentTarget.value);
          }}
        >
          {config.workplaces.map((w) => (
            <option value={w.id}>
              {w.name} ({w.id})
            </option>
          ))}
        </select>
        <label for="m-worker">{texts.workerNumber}</label>
        <input
          id="m-worker"
          inputMode="text"
          autoComplete="off"
          list="m-roster"
          value={number}
          aria-invalid={error === undefined ? undefined : 'true'}
          aria-describedby={error === undefined ? undefined : 'm-worker-error'}
          onInput={(e) => {
            setNumber(e.currentTarget.value);
          }}
        />
        <datalist id="m-roster">
          {config.roster.map((r) => (
            <option value={r.worker}>{r.name}</option>
          ))}
        </datalist>
        {error === undefined ? null : (
          <div class="field-error" id="m-worker-error" role="alert">
            <p>{error}</p>
          </div>
        )}
        <label for="m-employer">{texts.employerOfWorkers}</label>
        <input
          id="m-employer"
          inputMode="numeric"
          value={employer}
          aria-invalid={employerError === undefined ? undefined : 'true'}
          aria-describedby={employerError === undefined ? undefined : 'm-employer-error'}
          onInput={(e) => {
            setEmployer(e.currentTarget.value);
          }}
        />
        {employerError === undefined ? null : (
          <div class="field-error" id="m-employer-error" role="alert">
            <p>{employerError}</p>
          </div>
        )}
        <button type="submit">{texts.register}</button>
      </form>
      <h2>{texts.capturedToday}</h2>
      <ul class="captures">
        {captures.map((c) => {
          const who = formatWorker(c.worker);
          return (
            <li class={`capture ${c.state.toLowerCase()}`} data-state={c.state}>
              <span class="mono">{who}</span> {names.get(who) ?? ''}{' '}
              <span class="muted">
                {c.registrationDate} · {c.workplaceId}
              </span>
              <br />
              {c.state === 'SENT' ? (
                <span>
                  {texts.receiptNumber}: <strong class="mono receipt">{c.receiptNumber}</strong>
                  {c.duplicate === true ? ` (${texts.alreadyRegistered})` : ''}
                </span>
              ) : c.state === 'UNSENT' ? (
                <span class="muted">{texts.waiting}</span>
              ) : (
                <span class="warning">{refusal(config, c.errors ?? [])}</span>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function refusal(
  config: MobileConfig,
  errors: readonly { readonly code: ErrorCode; readonly message: string }[],
): string {
  if (errors.some((e) => e.code === 'DATE_IN_PAST')) return config.texts.dayOver;
  return errors.map((e) => config.errorTexts[e.code] ?? e.message).join(' ');
}

async function start(): Promise<void> {
  const element = document.getElementById('mobile-config');
  const root = document.getElementById('mobile-app');
  if (element === null || root === null) return;
  const config = JSON.parse(element.textContent) as MobileConfig;
  const store = await CaptureStore.open();
  // What was sent or refused more than a week ago is no longer kept on the phone.
  await store.forgetSettled(new Date(Date.now() - KEEP_SETTLED_MS).toISOString());
  render(<App config={config} store={store} sync={new Sync(store, config.userId, config.csrfToken)} />, root);
  if ('serviceWorker' in navigator) await navigator.serviceWorker.register('/sw.js');
}

void start();
