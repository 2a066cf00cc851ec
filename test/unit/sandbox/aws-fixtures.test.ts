/**
 * The published EC2 samples in test/fixtures/published/aws parse through the real
 * SDK, and the sandbox's answers to the same operations carry every element
 * and field the samples carry.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  AcceptVpcPeeringConnectionCommand,
  CreateVpcPeeringConnectionCommand,
  DeleteVpcPeeringConnectionCommand,
  DescribeVpcPeeringConnectionsCommand,
  EC2Client,
  ModifyVpcPeeringConnectionOptionsCommand,
  RejectVpcPeeringConnectionCommand,
} from '@aws-sdk/client-ec2';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { startSandbox } from '../../../src/sandbox/server';
import { AWS_ACCOUNTS, AWS_PEERINGS, AWS_VPCS } from '../../../src/sandbox/worlds/demoTopology';
import { ec2For, rawEc2, type DemoAccount } from './aws-harness';
import { publishedFixture } from '../../support/fixtures';

const FIXTURES = publishedFixture('aws');

function fixture(action: string): string {
  return readFileSync(join(FIXTURES, `${action}.response.xml`), 'utf8');
}

/** Every field path of a parsed SDK output, e.g. `VpcPeeringConnection.Status.Code`. */
function fieldPaths(value: unknown, prefix = ''): Set<string> {
  const out = new Set<string>();
  if (value === null || typeof value !== 'object' || value instanceof Date) return out;
  const entries = Array.isArray(value)
    ? value.map((v) => ['[]', v] as const)
    : Object.entries(value).filter(([k]) => k !== '$metadata');
  for (const [key, child] of entries) {
    const path = prefix ? `${prefix}.${key}` : key;
    out.add(path);
    for (const p of fieldPaths(child, path)) out.add(p);
  }
  return out;
}

/** Element names in an XML text. */
function elementNames(xml: string): Set<string> {
  return new Set([...xml.matchAll(/<([A-Za-z][\w]*)[\s/>]/g)].map((m) => m[1]));
}

function assertSubset(expected: Set<string>, actual: Set<string>, what: string): void {
  const missing = [...expected].filter((e) => !actual.has(e));
  assert.deepEqual(missing, [], `${what}: the sandbox lacks ${missing.join(', ')}`);
}

describe('sandbox AWS: published EC2 samples', function () {
  let fixtureServer: http.Server;
  let fixtureClient: EC2Client;
  let sandbox: RunningSandbox;

  before(async () => {
    // Answers each action with its published sample body, byte for byte.
    fixtureServer = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const action = new URLSearchParams(Buffer.concat(chunks).toString('utf8')).get('Action');
        try {
          const body = fixture(action ?? '');
          res.writeHead(200, { 'content-type': 'text/xml;charset=UTF-8' }).end(body);
        } catch {
          res.writeHead(404).end();
        }
      });
    });
    await new Promise<void>((resolve) => fixtureServer.listen(0, '127.0.0.1', resolve));
    const port = (fixtureServer.address() as AddressInfo).port;
    fixtureClient = new EC2Client({
      endpoint: `http://127.0.0.1:${port}/`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIAFIXTURE000000000', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    sandbox = await startSandbox({ world: 'demo', operationDelayMs: 200 });
  });
  after(async () => {
    fixtureClient?.destroy();
    await new Promise<void>((resolve) => fixtureServer?.close(() => resolve()));
    await sandbox?.stop();
  });
  beforeEach(() => sandbox.admin.reset('demo'));

  /** The sandbox's raw answer to a form body, as the given account. */
  const raw = (account: DemoAccount, form: Record<string, string>) =>
    rawEc2(sandbox, account, form);

  it('CreateVpcPeeringConnection', async () => {
    const sample = await fixtureClient.send(
      new CreateVpcPeeringConnectionCommand({ VpcId: 'vpc-1a2b3c4d', PeerVpcId: 'vpc-a1b2c3d4' }),
    );
    const pcx = sample.VpcPeeringConnection;
    assert.equal(pcx?.VpcPeeringConnectionId, 'pcx-73a5401a');
    assert.equal(pcx?.Status?.Code, 'initiating-request');
    assert.equal(pcx?.Status?.Message, 'Initiating Request to 123456789012');
    assert.equal(pcx?.ExpirationTime?.toISOString(), '2014-02-18T14:37:25.000Z');
    assert.equal(pcx?.RequesterVpcInfo?.CidrBlock, '10.0.0.0/28');
    assert.equal(pcx?.RequesterVpcInfo?.PeeringOptions?.AllowDnsResolutionFromRemoteVpc, false);
    assert.equal(pcx?.AccepterVpcInfo?.OwnerId, '123456789012');
    assert.deepEqual(pcx?.Tags, []);

    const ours = await ec2For(sandbox, 'app').send(
      new CreateVpcPeeringConnectionCommand({
        VpcId: AWS_VPCS.app.id,
        PeerVpcId: AWS_VPCS.emqx.id,
        PeerOwnerId: AWS_ACCOUNTS.emqx.accountId,
      }),
    );
    assertSubset(fieldPaths(sample), fieldPaths(ours), 'parsed CreateVpcPeeringConnection');
    sandbox.admin.reset('demo');
    const xml = await raw('app', {
      Action: 'CreateVpcPeeringConnection',
      VpcId: AWS_VPCS.app.id,
      PeerVpcId: AWS_VPCS.emqx.id,
      PeerOwnerId: AWS_ACCOUNTS.emqx.accountId,
    });
    assertSubset(elementNames(fixture('CreateVpcPeeringConnection')), elementNames(xml), 'XML');
    assert.match(xml, /xmlns="http:\/\/ec2\.amazonaws\.com\/doc\/2016-11-15\/"/);
  });

  it('DescribeVpcPeeringConnections', async () => {
    const sample = await fixtureClient.send(new DescribeVpcPeeringConnectionsCommand({}));
    const pcx = sample.VpcPeeringConnections?.[0];
    assert.equal(sample.VpcPeeringConnections?.length, 1);
    assert.equal(pcx?.VpcPeeringConnectionId, 'pcx-111aaa22');
    assert.equal(pcx?.Status?.Code, 'active');
    assert.equal(pcx?.RequesterVpcInfo?.CidrBlock, '172.31.0.0/16');
    assert.equal(
      pcx?.AccepterVpcInfo?.PeeringOptions?.AllowEgressFromLocalVpcToRemoteClassicLink,
      true,
    );
    assert.equal(pcx?.AccepterVpcInfo?.PeeringOptions?.AllowDnsResolutionFromRemoteVpc, false);
    assert.equal(pcx?.ExpirationTime, undefined);

    // The sample is an active cross-account peering seen by its accepter; so is this one.
    const ours = await ec2For(sandbox, 'data').send(
      new DescribeVpcPeeringConnectionsCommand({
        VpcPeeringConnectionIds: [AWS_PEERINGS.sharedDataMissingRule],
      }),
    );
    assert.equal(ours.VpcPeeringConnections?.[0].Status?.Code, 'active');
    assertSubset(fieldPaths(sample), fieldPaths(ours), 'parsed DescribeVpcPeeringConnections');
    const xml = await raw('data', {
      Action: 'DescribeVpcPeeringConnections',
      'VpcPeeringConnectionId.1': AWS_PEERINGS.sharedDataMissingRule,
    });
    assertSubset(elementNames(fixture('DescribeVpcPeeringConnections')), elementNames(xml), 'XML');
  });

  it('AcceptVpcPeeringConnection', async () => {
    const sample = await fixtureClient.send(
      new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: 'pcx-1a2b3c4d' }),
    );
    assert.equal(sample.VpcPeeringConnection?.Status?.Code, 'active');
    assert.equal(sample.VpcPeeringConnection?.AccepterVpcInfo?.CidrBlock, '10.0.1.0/28');
    assert.equal(sample.VpcPeeringConnection?.AccepterVpcInfo?.OwnerId, '777788889999');

    const ours = await ec2For(sandbox, 'app').send(
      new AcceptVpcPeeringConnectionCommand({
        VpcPeeringConnectionId: AWS_PEERINGS.dragonflyPending,
      }),
    );
    assert.equal(ours.VpcPeeringConnection?.Status?.Code, 'provisioning');
    assertSubset(fieldPaths(sample), fieldPaths(ours), 'parsed AcceptVpcPeeringConnection');
    const xml = await raw('app', {
      Action: 'AcceptVpcPeeringConnection',
      VpcPeeringConnectionId: AWS_PEERINGS.pendingCrossAccount,
    });
    assertSubset(elementNames(fixture('AcceptVpcPeeringConnection')), elementNames(xml), 'XML');
  });

  it('DeleteVpcPeeringConnection and RejectVpcPeeringConnection', async () => {
    const deleted = await fixtureClient.send(
      new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: 'pcx-1a2b3c4d' }),
    );
    assert.equal(deleted.Return, true);
    const rejected = await fixtureClient.send(
      new RejectVpcPeeringConnectionCommand({ VpcPeeringConnectionId: 'pcx-1a2b3c4d' }),
    );
    assert.equal(rejected.Return, true);

    const deleteXml = await raw('app', {
      Action: 'DeleteVpcPeeringConnection',
      VpcPeeringConnectionId: AWS_PEERINGS.activeDnsOff,
    });
    assertSubset(
      elementNames(fixture('DeleteVpcPeeringConnection')),
      elementNames(deleteXml),
      'XML',
    );
    const rejectXml = await raw('app', {
      Action: 'RejectVpcPeeringConnection',
      VpcPeeringConnectionId: AWS_PEERINGS.dragonflyPending,
    });
    assertSubset(
      elementNames(fixture('RejectVpcPeeringConnection')),
      elementNames(rejectXml),
      'XML',
    );
  });

  it('ModifyVpcPeeringConnectionOptions', async () => {
    const sample = await fixtureClient.send(
      new ModifyVpcPeeringConnectionOptionsCommand({
        VpcPeeringConnectionId: 'pcx-1a2b3c4d',
        AccepterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: true },
      }),
    );
    assert.equal(sample.AccepterPeeringConnectionOptions?.AllowDnsResolutionFromRemoteVpc, true);
    assert.equal(sample.RequesterPeeringConnectionOptions, undefined);

    const ours = await ec2For(sandbox, 'app').send(
      new ModifyVpcPeeringConnectionOptionsCommand({
        VpcPeeringConnectionId: AWS_PEERINGS.activeDnsOff,
        AccepterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: true },
      }),
    );
    assert.deepEqual(fieldPaths(ours), fieldPaths(sample));
    assert.equal(ours.AccepterPeeringConnectionOptions?.AllowDnsResolutionFromRemoteVpc, true);
  });
});
