import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { CloudKind } from '../model/types';
import type {
  FaultRule,
  RunningSandbox,
  SandboxAdmin,
  SandboxEndpoints,
  SandboxEngine,
  SandboxOptions,
  WorldSpec,
} from './api';
import { SandboxClock } from './clock';
import { CallCounters, FaultInjector } from './faults';
import { BadJsonError, json, type SandboxRequest, type SandboxResponse } from './http';
import { SeededRandom } from './random';
import type { CloudService, SandboxContext } from './service';
import { SANDBOX_CLOUD_LIST } from './registry';
import { createCertificate } from './tls';
import { buildWorld } from './worlds';
import { demoAccounts, demoAzureToken } from './worlds/demoAccounts';

const SERVICES: readonly CloudService[] = SANDBOX_CLOUD_LIST.map((c) => c.service);

const SANDBOX_ENGINES: readonly SandboxEngine[] = [
  'azure-resource-graph',
  'gcp-cloud-asset',
  'aws-config',
];

/** Largest request body the sandbox reads; the real APIs reject far smaller ones. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const seed = options.seed ?? 1;
  const clock = new SandboxClock();
  let random = new SeededRandom(seed);
  let faults = new FaultInjector(seed);
  const counters = new CallCounters();
  const sockets = new Set<Socket>();
  const initialWorld: WorldSpec = options.world ?? 'demo';
  /** Set while paused: the held requests wait on it. */
  let gate: { opened: Promise<void>; open: () => void; held: number } | undefined;

  const ctx: SandboxContext = {
    world: buildWorld(initialWorld, { clock, random }),
    clock,
    random,
    operationDelayMs: options.operationDelayMs ?? 200,
    endpoints: { http: '', azure: '' },
    enginesOff: new Set(),
  };

  const admin: SandboxAdmin = {
    reset(world = initialWorld) {
      clock.reset();
      random = new SeededRandom(seed);
      faults = new FaultInjector(seed);
      ctx.random = random;
      ctx.world = buildWorld(world, { clock, random });
      ctx.enginesOff.clear();
      counters.reset();
    },
    advanceClock: (ms) => clock.advance(ms),
    now: () => clock.now(),
    counters: () => counters.snapshot(),
    resetCounters: () => counters.reset(),
    setFaults: (rules: FaultRule[]) => faults.set(rules),
    pause() {
      if (gate) return;
      let open!: () => void;
      const opened = new Promise<void>((resolve) => (open = resolve));
      gate = { opened, open, held: 0 };
    },
    resume() {
      const current = gate;
      gate = undefined;
      current?.open();
    },
    paused: () => gate !== undefined,
    held: () => gate?.held ?? 0,
    setEngine(engine, enabled) {
      if (!SANDBOX_ENGINES.includes(engine))
        throw new RangeError(
          `unknown engine "${String(engine)}"; known: ${SANDBOX_ENGINES.join(', ')}`,
        );
      if (enabled) ctx.enginesOff.delete(engine);
      else ctx.enginesOff.add(engine);
    },
  };

  const handle = async (req: SandboxRequest): Promise<SandboxResponse | 'hang'> => {
    if (req.path.startsWith('/_admin/')) return handleAdmin(req, admin, faults, ctx.enginesOff);
    const service = SERVICES.find((s) => s.claims(req));
    if (!service) {
      return json(404, { error: `The sandbox serves no API at ${req.method} ${req.path}` });
    }
    if (gate) {
      const current = gate;
      current.held++;
      await current.opened;
      current.held--;
    }
    const operation = service.operation(req);
    counters.add(service.cloud, operation);
    const decision = faults.decide(service.cloud, operation, service.region(req));
    if (decision.delayMs > 0) await delay(decision.delayMs);
    if (decision.fault === 'timeout') return 'hang';
    if (decision.fault === 'throttle')
      return service.throttled(req, decision.retryAfterSeconds ?? 1);
    if (decision.fault === 'error') return service.serverError(req);
    try {
      return await service.handle(req, ctx);
    } catch (error) {
      if (error instanceof BadJsonError)
        return json(400, { error: { code: 'BadRequest', message: error.message } });
      // A bug in the sandbox must look like a provider 5xx, not crash the server.
      console.error(`[sandbox] ${service.cloud} ${operation} failed:`, error);
      return service.serverError(req);
    }
  };

  const listener =
    (kind: 'http' | 'https') =>
    (incoming: http.IncomingMessage, outgoing: http.ServerResponse): void => {
      const chunks: Buffer[] = [];
      let size = 0;
      incoming.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          outgoing.writeHead(413, { 'content-type': 'text/plain' }).end('request body too large');
          incoming.destroy();
          return;
        }
        chunks.push(chunk);
      });
      incoming.on('end', () => {
        const base = kind === 'http' ? ctx.endpoints.http : ctx.endpoints.azure;
        const url = new URL(incoming.url ?? '/', base);
        const req: SandboxRequest = {
          method: (incoming.method ?? 'GET').toUpperCase(),
          url,
          path: url.pathname,
          headers: incoming.headers,
          body: Buffer.concat(chunks),
          listener: kind,
        };
        handle(req).then(
          (res) => {
            if (res === 'hang') return; // the client's own timeout ends it, or stop() does
            const body = res.body ?? '';
            outgoing.writeHead(res.status, {
              'content-length': String(Buffer.byteLength(body)),
              'x-sandbox': 'cloud-peering',
              ...res.headers,
            });
            outgoing.end(body);
          },
          (error: unknown) => {
            console.error('[sandbox] request failed:', error);
            if (!outgoing.headersSent) outgoing.writeHead(500, { 'content-type': 'text/plain' });
            outgoing.end('sandbox internal error');
          },
        );
      });
    };

  const track = (server: http.Server | https.Server) =>
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });

  const certificate = await createCertificate();
  const httpServer = track(http.createServer(listener('http')));
  const httpsServer = track(
    https.createServer({ cert: certificate.cert, key: certificate.key }, listener('https')),
  );

  await Promise.all([
    listen(httpServer, options.port ?? 0),
    listen(httpsServer, options.azurePort ?? 0),
  ]);
  const httpBase = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  const httpsBase = `https://127.0.0.1:${(httpsServer.address() as AddressInfo).port}`;
  ctx.endpoints = { http: httpBase, azure: httpsBase };

  const base = { http: httpBase, https: httpsBase };
  const endpoints: SandboxEndpoints = {
    ...(Object.fromEntries(
      SANDBOX_CLOUD_LIST.map((c) => [c.cloud, `${base[c.endpoint.listener]}${c.endpoint.path}`]),
    ) as Record<CloudKind, string>),
    http: httpBase,
    admin: `${httpBase}/_admin`,
    azureCaPem: certificate.cert,
  };

  return {
    endpoints,
    admin,
    accounts: () => demoAccounts(endpoints),
    azureToken: demoAzureToken,
    async stop() {
      for (const socket of sockets) socket.destroy();
      await Promise.all([close(httpServer), close(httpsServer)]);
    },
  };
}

function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function close(server: http.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The admin API:
 *   POST /_admin/reset            {"world": "empty" | "demo" | {"kind":"large",...}}
 *   POST /_admin/clock/advance    {"ms": 604800000}
 *   GET  /_admin/clock
 *   GET  /_admin/counters         POST /_admin/counters/reset
 *   GET  /_admin/faults           PUT  /_admin/faults  [FaultRule, ...]
 *   POST /_admin/pause            POST /_admin/resume   (GET /_admin/pause: {"paused", "held"})
 *   GET  /_admin/engines          PUT  /_admin/engines {"azure-resource-graph": false, ...}
 */
function handleAdmin(
  req: SandboxRequest,
  admin: SandboxAdmin,
  faults: FaultInjector,
  enginesOff: ReadonlySet<SandboxEngine>,
): SandboxResponse {
  const route = `${req.method} ${req.path}`;
  const body = (): Record<string, unknown> => {
    const t = req.body.toString('utf8').trim();
    if (!t) return {};
    try {
      return JSON.parse(t) as Record<string, unknown>;
    } catch {
      throw new RangeError('the body must be JSON');
    }
  };
  try {
    switch (route) {
      case 'POST /_admin/reset': {
        const world = body().world as WorldSpec | undefined;
        admin.reset(world);
        return json(200, { ok: true, world: world ?? 'default' });
      }
      case 'POST /_admin/clock/advance': {
        const ms = body().ms;
        if (typeof ms !== 'number') throw new RangeError('"ms" must be a number of milliseconds');
        admin.advanceClock(ms);
        return json(200, { now: new Date(admin.now()).toISOString() });
      }
      case 'GET /_admin/clock':
        return json(200, { now: new Date(admin.now()).toISOString() });
      case 'GET /_admin/counters':
        return json(200, admin.counters());
      case 'POST /_admin/counters/reset':
        admin.resetCounters();
        return json(200, { ok: true });
      case 'GET /_admin/faults':
        return json(200, faults.list());
      case 'PUT /_admin/faults': {
        const t = req.body.toString('utf8').trim();
        const rules = t ? (JSON.parse(t) as unknown) : [];
        if (!Array.isArray(rules))
          throw new RangeError('the body must be a JSON array of fault rules');
        admin.setFaults(rules as FaultRule[]);
        return json(200, { ok: true, rules: rules.length });
      }
      case 'POST /_admin/pause':
        admin.pause();
        return json(200, { paused: true, held: admin.held() });
      case 'POST /_admin/resume': {
        const held = admin.held();
        admin.resume();
        return json(200, { paused: false, released: held });
      }
      case 'GET /_admin/pause':
        return json(200, { paused: admin.paused(), held: admin.held() });
      case 'GET /_admin/engines':
        return json(200, Object.fromEntries(SANDBOX_ENGINES.map((e) => [e, !enginesOff.has(e)])));
      case 'PUT /_admin/engines': {
        for (const [engine, enabled] of Object.entries(body())) {
          if (typeof enabled !== 'boolean')
            throw new RangeError(`"${engine}" must be true (on) or false (off)`);
          admin.setEngine(engine as SandboxEngine, enabled);
        }
        return json(200, Object.fromEntries(SANDBOX_ENGINES.map((e) => [e, !enginesOff.has(e)])));
      }
      default:
        return json(404, { error: `no admin route ${route}` });
    }
  } catch (error) {
    return json(400, { error: error instanceof Error ? error.message : String(error) });
  }
}
