/**
 * EC2's own errors for bad requests, authentication and injected faults, as
 * the real SDK reports them (error name = EC2 code, HTTP status) and as they
 * look on the wire.
 */
import * as assert from 'node:assert/strict';
import {
  AcceptVpcPeeringConnectionCommand,
  CreateVpcPeeringConnectionCommand,
  DescribeInstancesCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { startSandbox } from '../../../src/sandbox/server';
import { AWS_VPCS } from '../../../src/sandbox/worlds/demoTopology';
import { authorizationFor, ec2For, expectEc2Error } from './aws-harness';

describe('sandbox AWS: errors and faults', function () {
  let sandbox: RunningSandbox;

  before(async () => {
    sandbox = await startSandbox({ world: 'demo' });
  });
  after(async () => {
    await sandbox?.stop();
  });
  beforeEach(() => sandbox.admin.reset('demo'));
  afterEach(() => sandbox.admin.setFaults([]));

  function post(body: string, headers: Record<string, string> = {}) {
    return fetch(sandbox.endpoints.aws, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers },
    });
  }

  it('answers an unknown access key with AuthFailure (401)', async () => {
    const stranger = new EC2Client({
      endpoint: sandbox.endpoints.aws,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    const message = await expectEc2Error(
      stranger.send(new DescribeVpcsCommand({})),
      'AuthFailure',
      401,
    );
    assert.equal(message, 'AWS was not able to validate the provided access credentials');
  });

  it('answers an unsigned request with MissingAuthenticationToken in EC2’s error XML', async () => {
    const res = await post('Action=DescribeVpcs&Version=2016-11-15');
    assert.equal(res.status, 401);
    const text = await res.text();
    assert.match(
      text,
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<Response><Errors><Error><Code>MissingAuthenticationToken<\/Code><Message>[^<]+<\/Message><\/Error><\/Errors><RequestID>[0-9a-f-]{36}<\/RequestID><\/Response>$/,
    );
  });

  it('answers an unknown Action with InvalidAction, through the SDK and raw', async () => {
    const message = await expectEc2Error(
      ec2For(sandbox, 'app').send(new DescribeInstancesCommand({})),
      'InvalidAction',
    );
    assert.match(message, /DescribeInstances is not valid/);
    const res = await post('Action=Frobnicate&Version=2016-11-15', {
      authorization: authorizationFor('app'),
    });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /<Code>InvalidAction<\/Code>/);
  });

  it('names missing and malformed parameters', async () => {
    const res = await post('Action=AcceptVpcPeeringConnection&Version=2016-11-15', {
      authorization: authorizationFor('app'),
    });
    assert.equal(res.status, 400);
    const text = await res.text();
    assert.match(text, /<Code>MissingParameter<\/Code>/);
    assert.match(text, /vpcPeeringConnectionId/);
    await expectEc2Error(
      ec2For(sandbox, 'app').send(
        new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: 'peering-1' }),
      ),
      'InvalidVpcPeeringConnectionId.Malformed',
    );
    await expectEc2Error(
      ec2For(sandbox, 'app').send(
        new CreateVpcPeeringConnectionCommand({
          VpcId: 'vpc-0123456789abcdef0',
          PeerVpcId: AWS_VPCS.shared.id,
        }),
      ),
      'InvalidVpcID.NotFound',
    );
    // The requester VPC must be the caller's own, in the caller's region.
    await expectEc2Error(
      ec2For(sandbox, 'app', 'eu-west-1').send(
        new CreateVpcPeeringConnectionCommand({
          VpcId: AWS_VPCS.app.id,
          PeerVpcId: AWS_VPCS.shared.id,
        }),
      ),
      'InvalidVpcID.NotFound',
    );
    const bool = await post('Action=DescribeVpcs&Version=2016-11-15&DryRun=maybe', {
      authorization: authorizationFor('app'),
    });
    assert.equal(bool.status, 400);
    assert.match(await bool.text(), /dryRun is invalid/);
  });

  it('refuses parameters the action does not take with UnknownParameter', async () => {
    const res = await post(`Action=DescribeVpcs&Version=2016-11-15&VpcIds.1=${AWS_VPCS.app.id}`, {
      authorization: authorizationFor('app'),
    });
    assert.equal(res.status, 400);
    const text = await res.text();
    assert.match(text, /<Code>UnknownParameter<\/Code>/);
    assert.match(text, /The parameter VpcIds is not recognized/);
    const ok = await post(`Action=DescribeVpcs&Version=2016-11-15&VpcId.1=${AWS_VPCS.app.id}`, {
      authorization: authorizationFor('app'),
    });
    assert.equal(ok.status, 200);
    assert.match(await ok.text(), new RegExp(`<vpcId>${AWS_VPCS.app.id}</vpcId>`));
  });

  it('answers DryRun with DryRunOperation (412)', async () => {
    await expectEc2Error(
      ec2For(sandbox, 'app').send(new DescribeVpcsCommand({ DryRun: true })),
      'DryRunOperation',
      412,
    );
  });

  it('throttles with RequestLimitExceeded (503) when the fault rule says so', async () => {
    sandbox.admin.setFaults([{ cloud: 'aws', throttleRate: 1 }]);
    const message = await expectEc2Error(
      ec2For(sandbox, 'app').send(new DescribeVpcPeeringConnectionsCommand({})),
      'RequestLimitExceeded',
      503,
    );
    assert.equal(message, 'Request limit exceeded.');
    // Only the operation the rule names is throttled.
    sandbox.admin.setFaults([{ cloud: 'aws', operation: 'DescribeVpcs', throttleRate: 1 }]);
    await ec2For(sandbox, 'app').send(new DescribeVpcPeeringConnectionsCommand({}));
    await expectEc2Error(
      ec2For(sandbox, 'app').send(new DescribeVpcsCommand({})),
      'RequestLimitExceeded',
      503,
    );
    const counters = sandbox.admin.counters();
    assert.equal(counters['aws.DescribeVpcs'], 1);
    assert.equal(counters['aws.DescribeVpcPeeringConnections'], 2);
  });

  it('throttles only the region the fault rule names', async () => {
    sandbox.admin.setFaults([{ cloud: 'aws', throttleRate: 1, region: 'eu-west-1' }]);
    await expectEc2Error(
      ec2For(sandbox, 'app', 'eu-west-1').send(new DescribeVpcsCommand({})),
      'RequestLimitExceeded',
      503,
    );
    const east = await ec2For(sandbox, 'app', 'us-east-1').send(new DescribeVpcsCommand({}));
    assert.equal(east.Vpcs?.length, 3, 'another region is not throttled');
  });

  it('fails with InternalError (500) on injected server errors', async () => {
    sandbox.admin.setFaults([{ cloud: 'aws', errorRate: 1 }]);
    await expectEc2Error(
      ec2For(sandbox, 'app').send(new DescribeVpcsCommand({})),
      'InternalError',
      500,
    );
  });

  it('leaves other clouds’ paths alone', async () => {
    const res = await fetch(`${sandbox.endpoints.http}/not-an-api`, {
      method: 'POST',
      body: 'Action=DescribeVpcs&Version=2016-11-15',
    });
    assert.equal(res.status, 404);
  });
});
