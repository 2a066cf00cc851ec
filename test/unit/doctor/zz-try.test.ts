import { startSandbox } from '../../../src/sandbox/server';
import { diagnosePeering } from '../../../src/doctor/index';
import { doctorWorld } from '../../../test/unit/doctor/harness';
import { AWS_PEERINGS } from '../../../src/sandbox/worlds/demoTopology';
describe('try', function () {
  this.timeout(60000);
  it('runs', async () => {
    const sandbox = await startSandbox({ world: 'demo', operationDelayMs: 50 });
    try {
      const w = await doctorWorld(sandbox);
      for (const id of Object.values(AWS_PEERINGS)) {
        const p = w.deps.inventory.peerings.find((x) => x.id === id);
        if (!p) {
          console.log('missing', id);
          continue;
        }
        const d = await diagnosePeering(p, w.deps, { port: 5432 });
        console.log(id, p.name, 'calls', d.calls, JSON.stringify(d.skipped));
        for (const f of d.findings)
          console.log(
            '  ',
            f.severity,
            f.side,
            f.code,
            '|',
            f.title,
            f.fix ? '[fix ' + f.fix.kind + ']' : '',
          );
      }
    } finally {
      await sandbox.stop();
    }
  });
});
describe('try azure', function () {
  this.timeout(60000);
  it('runs', async () => {
    const sandbox = await startSandbox({ world: 'demo', operationDelayMs: 50 });
    try {
      const w = await doctorWorld(sandbox);
      for (const p of w.deps.inventory.peerings.filter((x) => x.cloud !== 'aws')) {
        const d = await diagnosePeering(p, w.deps, { port: 5432 });
        console.log(
          p.cloud,
          p.id.slice(-40),
          p.rawState,
          'calls',
          d.calls,
          JSON.stringify(d.skipped),
        );
        for (const f of d.findings)
          console.log(
            '  ',
            f.severity,
            f.side,
            f.code,
            '|',
            f.title,
            f.fix ? '[fix ' + f.fix.kind + ' ' + JSON.stringify(f.fix.params) + ']' : '',
          );
      }
    } finally {
      await sandbox.stop();
    }
  });
});
