// The baseline: a bare Fastify server, run in its own process by the bench. POST /echo answers a small JSON;
// GET /presences answers ten presences, about the size of a search reply of the registry.
import Fastify from 'fastify';

const port = Number(process.argv[2]);
const app = Fastify({ logger: false });

const presences = Array.from({ length: 10 }, (_, i) => ({
  id: `019a0000-0000-7000-8000-00000000000${i}`,
  receiptNumber: '7K3M-9QXD-2R4V',
  workplaceId: 'V8P1501CWKJJ5',
  registrationDate: '2026-01-01',
  worker: { niss: '85073003328' },
  employer: '0403019261',
  channel: 'WEB_SERVICE',
  sender: { role: 'company', enterprise: '0403019261' },
  status: 'REGISTERED',
  createdAt: '2026-01-01T06:00:00.000Z',
}));

app.get('/', () => ({ ok: true }));
app.get('/presences', () => ({ presences }));
app.post('/echo', (request) => {
  const body = request.body as { presences?: unknown[] } | undefined;
  return { received: body?.presences?.length ?? 0 };
});

await app.listen({ port, host: '127.0.0.1' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}
