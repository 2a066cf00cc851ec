/**
 * The sandbox in its own process (test/support/sandboxProcess.ts), which the Doctor benchmark
 * uses: the real EC2 client reaches it, its admin API resets worlds, counts calls and injects
 * faults and switches inventory engines across the process boundary, and `stop` leaves no process behind.
 */
import * as assert from 'node:assert/strict';
import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { AWS_VPCS } from '../../../src/sandbox/worlds/demoTopology';
import { startSandboxProcess, type SandboxProcess } from '../../support/sandboxProcess';
import { ec2For, expectEc2Error } from './aws-harness';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('sandbox in a child process', function () {
  this.timeout(180_000);
  let sandbox: SandboxProcess | undefined;

  after(async () => {
    await sandbox?.stop();
  });

  it('serves the SDK, answers admin calls, and stops with its process', async () => {
    sandbox = await startSandboxProcess('demo');
    assert.notEqual(sandbox.pid, process.pid);
    const ec2 = ec2For(sandbox, 'app');
    try {
      const described = await ec2.send(new DescribeVpcsCommand({}));
      const ids = (described.Vpcs ?? []).map((v) => v.VpcId);
      assert.ok(ids.includes(AWS_VPCS.app.id), `the demo world's app VPC in ${ids.join(', ')}`);
      assert.equal((await sandbox.admin.counters())['aws.DescribeVpcs'], 1);

      await sandbox.admin.resetCounters();
      assert.deepEqual(await sandbox.admin.counters(), {});

      await sandbox.admin.setFaults([{ operation: 'DescribeVpcs', throttleRate: 1 }]);
      await expectEc2Error(ec2.send(new DescribeVpcsCommand({})), 'RequestLimitExceeded', 503);
      await sandbox.admin.setFaults([]);

      await sandbox.admin.setEngine('aws-config', false);
      const engines = (await (await fetch(`${sandbox.endpoints.admin}/engines`)).json()) as Record<
        string,
        boolean
      >;
      assert.equal(engines['aws-config'], false);

      await sandbox.admin.reset('empty');
      const empty = await ec2.send(new DescribeVpcsCommand({}));
      assert.deepEqual(empty.Vpcs ?? [], []);
    } finally {
      ec2.destroy();
    }
    const pid = sandbox.pid;
    await sandbox.stop();
    sandbox = undefined;
    assert.equal(alive(pid), false, `sandbox process ${pid} still runs after stop`);
  });
});
