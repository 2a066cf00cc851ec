import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { AWS_ACCOUNTS, AWS_VPCS } from '../../../src/sandbox/worlds/demoTopology';

const root = join(__dirname, '..', '..', '..');
const cli = ['--import', 'tsx', join(root, 'src', 'sandbox', 'cli.ts')];

/** Starts the standalone sandbox and resolves with everything it printed up to "Press Ctrl+C". */
function start(args: string[]): Promise<{ child: ChildProcess; banner: string }> {
  const child = spawn(process.execPath, [...cli, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no banner within 20 s:\n${out}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Press Ctrl+C to stop.')) {
        clearTimeout(timer);
        resolve({ child, banner: out });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`exited with ${code} before its banner:\n${out}`)));
  });
}

describe('npm run sandbox (standalone)', function () {
  this.timeout(40_000);

  it('prints its endpoints and CLI settings, serves them, and stops on SIGTERM', async () => {
    const { child, banner } = await start(['--port', '0', '--world', 'demo']);
    try {
      const aws = /AWS EC2\s+(http:\/\/127\.0\.0\.1:\d+\/)/.exec(banner)?.[1];
      assert.ok(aws, banner);
      assert.match(banner, /Azure ARM\s+https:\/\/127\.0\.0\.1:\d+/);
      assert.match(banner, new RegExp(`export AWS_ACCESS_KEY_ID=${AWS_ACCOUNTS.app.accessKeyId}`));
      assert.match(
        banner,
        /aws ec2 describe-vpc-peering-connections --endpoint-url "\$AWS_ENDPOINT_URL_EC2"/,
      );
      assert.match(banner, /-----BEGIN CERTIFICATE-----/);
      const client = new EC2Client({
        endpoint: aws,
        region: 'us-east-1',
        credentials: {
          accessKeyId: AWS_ACCOUNTS.app.accessKeyId,
          secretAccessKey: AWS_ACCOUNTS.app.secretAccessKey,
        },
        maxAttempts: 1,
      });
      const out = await client.send(new DescribeVpcsCommand({}));
      client.destroy();
      assert.ok(out.Vpcs?.some((v) => v.VpcId === AWS_VPCS.app.id));
      const admin = banner.match(/Admin\s+(http:\/\/\S+)\//)?.[1];
      const counters = (await (await fetch(`${admin}/counters`)).json()) as Record<string, number>;
      assert.equal(counters['aws.DescribeVpcs'], 1);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    }
  });

  it('refuses a bad option with the option, the value and the rule', () => {
    const result = spawnSync(process.execPath, [...cli, '--world', 'mars'], {
      cwd: root,
      encoding: 'utf8',
    });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--world must be "demo" or "empty", got "mars"/);
    const port = spawnSync(process.execPath, [...cli, '--port', '70000'], {
      cwd: root,
      encoding: 'utf8',
    });
    assert.equal(port.status, 2);
    assert.match(port.stderr, /--port must be a whole number from 0 to 65535, got "70000"/);
  });
  it('--help prints the usage and exits 0 without starting a server', () => {
    for (const flag of ['--help', '-h']) {
      const result = spawnSync(process.execPath, [...cli, '--port', '0', flag], {
        cwd: root,
        encoding: 'utf8',
        timeout: 20_000,
      });
      assert.equal(result.status, 0, `${flag}: ${result.stderr}`);
      assert.match(result.stdout, /Usage: npm run sandbox -- \[options\]/);
      assert.match(result.stdout, /--world NAME/);
      assert.doesNotMatch(result.stdout, /is running/);
    }
  });

  it('refuses an unknown option or a missing value with exit 2, naming it', () => {
    const unknown = spawnSync(process.execPath, [...cli, '--port', '0', '--wrld', 'demo'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /Unknown option --wrld/);
    assert.doesNotMatch(unknown.stdout, /is running/);
    const missing = spawnSync(process.execPath, [...cli, '--port'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /--port needs a value/);
  });
});
