import * as assert from 'node:assert/strict';
import { parse } from '../../../src/protocol/schema';
import {
  HostToWebview,
  WebviewToHost,
  WizardViewState,
  type HostToWebview as HostMessage,
  type RunView,
} from '../../../src/protocol/wizardMessages';
import {
  WizardClient,
  WizardError,
  WizardHostEndpoint,
  WizardRequestError,
  type WizardHandlers,
} from '../../../src/protocol/wizardRpc';

const draft = {
  scenarioId: 'dragonfly-aws',
  localNetworkKey: 'sandbox:aws:app/us-east-1/vpc-1',
  inputs: { dragonflyNetworkId: 'net-1' },
};

function recordingLog() {
  const lines: string[] = [];
  return {
    lines,
    info: (m: string) => lines.push(`info ${m}`),
    warn: (m: string) => lines.push(`warn ${m}`),
    error: (m: string, e?: unknown) =>
      lines.push(`error ${m}${e instanceof Error ? `: ${e.message}` : ''}`),
  };
}

const notUsed = () => {
  throw new Error('not used in this test');
};

function handlers(overrides: Partial<WizardHandlers> = {}): WizardHandlers {
  return {
    listScenarios: () => [],
    listNetworks: () => ({ networks: [] }),
    peerChoices: () => ({ choices: {} }),
    validate: () => ({ errors: [], warnings: [] }),
    buildPlan: notUsed,
    scriptAction: notUsed,
    copyText: () => ({ done: true }),
    startRun: notUsed,
    cancelRun: notUsed,
    retryStep: notUsed,
    confirmStep: notUsed,
    revealPeering: notUsed,
    diagnosePeering: notUsed,
    resumeRun: notUsed,
    attachRun: notUsed,
    ...overrides,
  };
}

function endpoint(overrides: Partial<WizardHandlers> = {}, timeoutMs?: number) {
  const posted: HostMessage[] = [];
  const log = recordingLog();
  const host = new WizardHostEndpoint({
    post: (m) => posted.push(m),
    handlers: handlers(overrides),
    onReady: () => ({ protocolVersion: 1, flavor: 'bash', hasAccounts: true }),
    log,
    ...(timeoutMs ? { timeoutMs: () => timeoutMs } : {}),
  });
  return { host, posted, log };
}

describe('protocol/wizard messages', () => {
  it('accepts well-formed messages in both directions', () => {
    assert.ok(parse(WebviewToHost, { type: 'ready', protocolVersion: 1 }).ok);
    assert.ok(
      parse(WebviewToHost, { type: 'request', id: 7, request: { method: 'validate', draft } }).ok,
    );
    assert.ok(
      parse(HostToWebview, {
        type: 'response',
        id: 7,
        ok: true,
        result: { errors: [], warnings: [] },
      }).ok,
    );
  });

  it('rejects malformed ones with the path and the rule', () => {
    const cases: [unknown, RegExp][] = [
      [null, /message: expected an object, got null/],
      [{ type: 'explode' }, /message\.type: expected one of ready, request, log/],
      [
        { type: 'request', id: 0, request: { method: 'listScenarios' } },
        /message\.id: expected ≥ 1/,
      ],
      [
        { type: 'request', id: 1.5, request: { method: 'listScenarios' } },
        /message\.id: expected an integer/,
      ],
      [
        { type: 'request', id: 1, request: { method: 'rm -rf' } },
        /message\.request\.method: expected one of/,
      ],
      [
        {
          type: 'request',
          id: 1,
          request: { method: 'validate', draft: { ...draft, scenarioId: '../x' } },
        },
        /scenarioId.*does not match/,
      ],
      [
        {
          type: 'request',
          id: 1,
          request: { method: 'validate', draft: { ...draft, inputs: { vpc: 42 } } },
        },
        /inputs\.vpc: expected a string, got number/,
      ],
      [
        {
          type: 'request',
          id: 1,
          request: { method: 'validate', draft: { ...draft, inputs: { ['__proto__']: 'x' } } },
        },
        /key "__proto__" is not allowed|unknown field/,
      ],
      [
        { type: 'request', id: 1, request: { method: 'listScenarios', extra: true } },
        /unknown field "extra"/,
      ],
      [
        { type: 'request', id: 1, request: { method: 'copyText', text: 'x'.repeat(200_001) } },
        /at most 200000 characters/,
      ],
      [{ type: 'log', level: 'error', message: 7 }, /message\.message: expected a string/],
    ];
    for (const [value, expected] of cases) {
      const result = parse(WebviewToHost, value);
      assert.equal(result.ok, false, JSON.stringify(value)?.slice(0, 80));
      assert.match((result as { error: string }).error, expected);
    }
  });

  it('keeps objects from JSON.parse with a __proto__ key out', () => {
    const raw = JSON.parse(
      '{"type":"request","id":3,"request":{"method":"validate","draft":{"scenarioId":"a","inputs":{"__proto__":{"polluted":true}}}}}',
    );
    assert.equal(parse(WebviewToHost, raw).ok, false);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('validates the saved panel state', () => {
    assert.ok(
      parse(WizardViewState, {
        version: 1,
        step: 'review',
        flavor: 'terraform',
        draft,
        runId: 'run-1',
      }).ok,
    );
    assert.equal(parse(WizardViewState, { version: 1, step: 'nowhere', flavor: 'bash' }).ok, false);
    assert.equal(parse(WizardViewState, { version: 2, step: 'what', flavor: 'bash' }).ok, false);
  });
});

describe('protocol/wizard host endpoint', () => {
  it('answers ready with init', async () => {
    const { host, posted } = endpoint();
    await host.receive({ type: 'ready', protocolVersion: 1 });
    assert.deepEqual(posted, [
      { type: 'init', init: { protocolVersion: 1, flavor: 'bash', hasAccounts: true } },
    ]);
  });

  it('rejects a malformed request with an id: logs it and answers with an error', async () => {
    const { host, posted, log } = endpoint();
    await host.receive({
      type: 'request',
      id: 5,
      request: { method: 'validate', draft: { scenarioId: 5 } },
    });
    assert.equal(host.rejected, 1);
    assert.equal(posted.length, 1);
    const reply = posted[0] as Extract<HostMessage, { type: 'response' }>;
    assert.equal(reply.id, 5);
    assert.equal(reply.ok, false);
    assert.equal(reply.error?.code, 'invalid-message');
    assert.match(reply.error?.message ?? '', /scenarioId: expected a string/);
    assert.match(log.lines.join('\n'), /warn Wizard: rejected a message from the panel/);
  });

  it('a panel log message stays one line: newlines and bidi characters cannot forge the log', async () => {
    const { host, log } = endpoint();
    const forged =
      'clicked\n2026-01-01 00:00:00.000 [error] Wizard: credentials sent to attacker\r\u2028x\u202eevil\u0085';
    for (const level of ['info', 'warn', 'error'] as const)
      await host.receive({ type: 'log', level, message: forged });
    assert.equal(log.lines.length, 3);
    for (const line of log.lines) {
      assert.doesNotMatch(line, /[\n\r\u2028\u202e\u0085]/, line);
      assert.match(
        line,
        /Wizard panel: clicked\\u000a2026-01-01 .*\\u000d\\u2028x\\u202eevil\\u0085$/,
      );
    }
  });

  it('ignores a malformed message without a usable id, and keeps working', async () => {
    const { host, posted, log } = endpoint();
    for (const junk of [
      undefined,
      'hello',
      42,
      [],
      { type: 'request' },
      { id: -1, type: 'x' },
      { id: '7' },
    ]) {
      await host.receive(junk);
    }
    assert.equal(host.rejected, 7);
    assert.equal(posted.length, 0);
    assert.equal(log.lines.filter((l) => l.startsWith('warn')).length, 7);
    await host.receive({ type: 'request', id: 1, request: { method: 'listScenarios' } });
    assert.deepEqual(posted, [{ type: 'response', id: 1, ok: true, result: [] }]);
  });

  it('serializes a handler error back, with the field it names', async () => {
    const { host, posted } = endpoint({
      validate: () => {
        throw new WizardError(
          'vpcId: "vpc-x" is not a VPC id (vpc- and 8 or 17 hex digits)',
          'failed',
          'vpcId',
        );
      },
    });
    await host.receive({ type: 'request', id: 9, request: { method: 'validate', draft } });
    assert.deepEqual(posted[0], {
      type: 'response',
      id: 9,
      ok: false,
      error: {
        code: 'failed',
        message: 'vpcId: "vpc-x" is not a VPC id (vpc- and 8 or 17 hex digits)',
        field: 'vpcId',
      },
    });
  });

  it('times out a handler that never answers', async () => {
    const { host, posted } = endpoint({ listScenarios: () => new Promise(() => undefined) }, 30);
    await host.receive({ type: 'request', id: 2, request: { method: 'listScenarios' } });
    const reply = posted[0] as Extract<HostMessage, { type: 'response' }>;
    assert.equal(reply.ok, false);
    assert.equal(reply.error?.code, 'timeout');
    assert.match(reply.error?.message ?? '', /listScenarios took longer than/);
  });

  it('refuses to send a result that breaks its own schema', async () => {
    const { host, posted, log } = endpoint({
      listNetworks: () => ({ networks: [{ key: 'k' }] }) as never,
    });
    await host.receive({ type: 'request', id: 3, request: { method: 'listNetworks' } });
    const reply = posted[0] as Extract<HostMessage, { type: 'response' }>;
    assert.equal(reply.ok, false);
    assert.match(reply.error?.message ?? '', /listNetworks result\.networks\[0\]\.cloud/);
    assert.match(log.lines.join('\n'), /error Wizard: listNetworks failed/);
  });
});

describe('protocol/wizard client', () => {
  function pair(overrides: Partial<WizardHandlers> = {}) {
    const problems: string[] = [];
    const runs: RunView[] = [];
    // The two ends post to each other; the holder lets the client's post reach the host made below.
    const ends: { host?: WizardHostEndpoint } = {};
    const client = new WizardClient({
      post: (m) =>
        void Promise.resolve().then(() => ends.host?.receive(JSON.parse(JSON.stringify(m)))),
      onInit: () => undefined,
      onPrefill: () => undefined,
      onRunUpdate: (run) => runs.push(run),
      onProtocolError: (p) => problems.push(p),
      timeoutMs: () => 200,
    });
    const host = new WizardHostEndpoint({
      post: (m) => void Promise.resolve().then(() => client.receive(JSON.parse(JSON.stringify(m)))),
      handlers: handlers(overrides),
      onReady: () => ({ protocolVersion: 1, flavor: 'bash', hasAccounts: false }),
      log: recordingLog(),
    });
    ends.host = host;
    return { client, host, problems, runs };
  }

  it('correlates answers to requests by id, out of order', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { client } = pair({
      listScenarios: async () => {
        await gate;
        return [];
      },
      validate: () => ({ errors: [{ field: 'vpcId', message: 'bad' }], warnings: [] }),
    });
    const slow = client.request({ method: 'listScenarios' });
    const fast = client.request({ method: 'validate', draft });
    assert.deepEqual(await fast, { errors: [{ field: 'vpcId', message: 'bad' }], warnings: [] });
    release();
    assert.deepEqual(await slow, []);
    assert.equal(client.inFlight, 0);
  });

  it('turns a host error into a WizardRequestError with code and field', async () => {
    const { client } = pair({
      copyText: () => {
        throw new WizardError('clipboard unavailable', 'failed', 'text');
      },
    });
    await assert.rejects(client.request({ method: 'copyText', text: 'x' }), (e: unknown) => {
      assert.ok(e instanceof WizardRequestError);
      assert.equal(e.code, 'failed');
      assert.equal(e.field, 'text');
      assert.equal(e.message, 'clipboard unavailable');
      return true;
    });
  });

  it('times out when the host never answers', async () => {
    const client = new WizardClient({
      post: () => undefined,
      onInit: () => undefined,
      onPrefill: () => undefined,
      onRunUpdate: () => undefined,
      onProtocolError: () => undefined,
      timeoutMs: () => 20,
    });
    await assert.rejects(
      client.request({ method: 'listScenarios' }),
      /No answer from the extension to listScenarios/,
    );
    assert.equal(client.inFlight, 0);
  });

  it('reports host messages that do not validate and keeps going', () => {
    const { client, problems } = pair();
    client.receive({ type: 'runUpdate', run: { runId: 'r' } });
    client.receive('garbage');
    assert.equal(problems.length, 2);
    assert.match(problems[0], /message\.run\.title: expected a string/);
  });
});
