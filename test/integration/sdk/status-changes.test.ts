import { afterEach, describe, expect, it } from 'vitest';
import {
  ClientConfiguration,
  InMemoryPollScheduleStore,
  JobStatus,
  PersonalIdentificationNumber,
  NotificationsUsingLookup,
  PollingQueue,
  PortalClient,
  PortalJob,
  PortalSigner,
  Sender,
  type PollScheduleStore,
} from '../../../src/index.js';
import { startSimulator, type Simulator } from '../../../src/testing/index.js';
import { documentToSign } from '../../helpers/sdk.js';

let simulator: Simulator | undefined;
const clients: PortalClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await simulator?.close();
  simulator = undefined;
});

function client(sim: Simulator, options: { store?: PollScheduleStore; clock?: () => Date } = {}): PortalClient {
  const c = new PortalClient(
    new ClientConfiguration({
      environment: sim.environment,
      certificate: sim.senderCertificate,
      globalSender: new Sender(sim.organizationNumber),
      maxRequestsPerSecond: Infinity,
      ...(options.store ? { pollScheduleStore: options.store } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
    }),
  );
  clients.push(c);
  return c;
}

const pins = Array.from({ length: 10 }, (_, i) => `0000000000${i}`);

async function createJob(c: PortalClient, signers: number, sender?: Sender): Promise<string> {
  const job = new PortalJob(
    documentToSign(),
    pins.slice(0, signers).map((p) => new PortalSigner(new PersonalIdentificationNumber(p), new NotificationsUsingLookup())),
    'soak',
    sender,
  );
  return (await c.create(job)).signatureJobId;
}

describe('statusChanges', () => {
  it('ends promptly when its signal aborts, with no request or timer left behind', async () => {
    simulator = await startSimulator({ emptyQueueDelaySeconds: 600 });
    const c = client(simulator);
    expect((await c.getStatusChange()).status).toBe(JobStatus.NoChanges);
    const controller = new AbortController();
    const started = Date.now();
    const iteration = (async () => {
      let yielded = 0;
      for await (const _ of c.statusChanges({ signal: controller.signal })) yielded++;
      return yielded;
    })();
    setTimeout(() => controller.abort(), 100);
    expect(await iteration).toBe(0);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(simulator.stats.pollsBeforePermittedTime).toBe(0);
  });

  it('never polls early when the local clock runs ahead of the server (skew learnt from Date headers)', async () => {
    simulator = await startSimulator({ emptyQueueDelaySeconds: 1, rateLimit: false });
    // This machine's clock is 5 s ahead of the server's: trusting it would poll 5 s early after every empty queue.
    const c = client(simulator, { clock: () => new Date(Date.now() + 5_000) });
    const jobId = await createJob(c, 1);
    const controller = new AbortController();
    const seen: string[] = [];
    setTimeout(() => void simulator!.sign(jobId, pins[0]!), 1_500);
    await c.processStatusChanges(
      async (change) => {
        seen.push(change.status);
        if (change.status === JobStatus.CompletedSuccessfully) controller.abort();
      },
      { signal: controller.signal },
    );
    expect(seen).toContain(JobStatus.CompletedSuccessfully);
    expect(simulator.stats.polls).toBeGreaterThan(1);
    expect(simulator.stats.pollsBeforePermittedTime).toBe(0);
  });

  it('two clients sharing one schedule store never poll early, even polling the same queue at once', async () => {
    simulator = await startSimulator({ emptyQueueDelaySeconds: 0.3, rateLimit: false });
    const store = new InMemoryPollScheduleStore();
    const a = client(simulator, { store });
    const b = client(simulator, { store });
    const jobs = await Promise.all(Array.from({ length: 6 }, () => createJob(a, 1)));
    const controller = new AbortController();
    const done = new Set<string>();
    const handler = async (change: { signatureJobId: string; status: string }) => {
      if (change.status === JobStatus.CompletedSuccessfully) done.add(change.signatureJobId);
      if (done.size === jobs.length) controller.abort();
    };
    const signing = (async () => {
      for (const id of jobs) {
        await new Promise((r) => setTimeout(r, 150));
        await simulator!.sign(id, pins[0]!);
      }
    })();
    await Promise.all([
      a.processStatusChanges(handler, { signal: controller.signal }),
      b.processStatusChanges(handler, { signal: controller.signal }),
      signing,
    ]);
    expect(done.size).toBe(jobs.length);
    expect(simulator.stats.pollsBeforePermittedTime).toBe(0);
    // Also plain calls on a third client sharing the store are held back.
    const c = client(simulator, { store });
    const polls = simulator.stats.polls;
    await c.getStatusChange().catch(() => undefined);
    await c.getStatusChange().catch(() => undefined);
    expect(simulator.stats.polls - polls).toBeLessThanOrEqual(1);
    expect(simulator.stats.pollsBeforePermittedTime).toBe(0);
  });

  it('a 429 from the server moves the schedule to the time it names', async () => {
    simulator = await startSimulator({ emptyQueueDelaySeconds: 1, rateLimit: false });
    const store = new InMemoryPollScheduleStore();
    const other = client(simulator);
    // Another process without our store empties the queue, so our first poll meets the server's block.
    expect((await other.getStatusChange()).status).toBe(JobStatus.NoChanges);
    const c = client(simulator, { store });
    const error = await c.getStatusChange().catch((e: unknown) => e);
    expect((error as Error).name).toBe('TooEagerPollingError');
    const next = await store.nextPermitted(new Sender(simulator.organizationNumber).queueKey + '#portal');
    expect(next).toBeGreaterThan(Date.now());
    const polls = simulator.stats.polls;
    await expect(c.getStatusChange()).rejects.toThrow(/too eagerly/);
    expect(simulator.stats.polls).toBe(polls);
  });

  it('soak: thousands of changes across two queues with crashes between fetch and confirm lose nothing', async () => {
    simulator = await startSimulator({ emptyQueueDelaySeconds: 0.2, redeliverAfterSeconds: 0.5, rateLimit: false, verifyUploads: false });
    const store = new InMemoryPollScheduleStore();
    const queues = [new Sender(simulator.organizationNumber), new Sender(simulator.organizationNumber, new PollingQueue('second'))];
    const creator = client(simulator, { store });
    const jobsPerQueue = 150;
    const signersPerJob = 10;
    const jobs: { id: string; queue: number }[] = [];
    for (let q = 0; q < queues.length; q++) {
      const ids = await Promise.all(Array.from({ length: jobsPerQueue }, () => createJob(creator, signersPerJob, queues[q])));
      jobs.push(...ids.map((id) => ({ id, queue: q })));
    }
    const events = jobs.flatMap((j) => pins.map((p) => ({ id: j.id, pin: p })));
    for (let i = events.length - 1; i > 0; i--) {
      const k = Math.floor(Math.random() * (i + 1));
      [events[i], events[k]] = [events[k]!, events[i]!];
    }

    let deliveries = 0;
    let crashes = 0;
    const completedSeen = new Set<string>();
    const confirmedTerminal = new Set<string>();
    let violations = 0;
    const controller = new AbortController();

    // A worker is a process: a crash (the handler dies before confirm) ends it; a new one starts with a fresh
    // client that shares only the schedule store, as a restarted process would.
    const worker = async (queue: Sender): Promise<void> => {
      while (!controller.signal.aborted) {
        const c = client(simulator!, { store });
        try {
          await c.processStatusChanges(
            async (change) => {
              deliveries++;
              if (confirmedTerminal.has(change.signatureJobId)) violations++;
              if (Math.random() < 0.05) {
                crashes++;
                throw new Error('crash between fetch and confirm');
              }
              if (change.status === JobStatus.CompletedSuccessfully) {
                completedSeen.add(change.signatureJobId);
                confirmedTerminal.add(change.signatureJobId);
              }
              if (completedSeen.size === jobs.length) controller.abort();
            },
            { sender: queue, signal: controller.signal },
          );
        } catch (error) {
          if ((error as Error).message !== 'crash between fetch and confirm') throw error;
        }
      }
    };
    const feeder = (async () => {
      for (let i = 0; i < events.length; i++) {
        await simulator!.sign(events[i]!.id, events[i]!.pin);
        if (i % 4 === 0) await new Promise((r) => setTimeout(r, 2));
      }
    })();
    const deadline = setTimeout(() => controller.abort(), 150_000);
    await Promise.all([worker(queues[0]!), worker(queues[1]!), feeder]);
    clearTimeout(deadline);

    expect(completedSeen.size).toBe(jobs.length);
    expect(violations).toBe(0);
    expect(crashes).toBeGreaterThan(0);
    expect(simulator.stats.pollsBeforePermittedTime).toBe(0);
    expect(events.length).toBe(3000);
    expect(deliveries).toBeGreaterThan(jobs.length);
    console.log(`soak: ${events.length} status changes, ${deliveries} deliveries, ${crashes} crashes, ${simulator.stats.polls} polls, 0 early`);
  }, 180_000);
});
