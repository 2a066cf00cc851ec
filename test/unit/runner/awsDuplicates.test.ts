/**
 * The runner's request step against EC2's duplicate-peering behaviour, as the sandbox serves it:
 * a same-direction request returns the existing peering (terraform-provider-aws#27750), so the
 * step adopts it; a reverse-direction one would be created and then refused at accept with
 * VpcPeeringConnectionAlreadyExists (#44315), so the step stops before creating it. And the
 * route step against a route that exists already: a blackhole left by a deleted peering is
 * replaced (ReplaceRoute), a route through another live peering stops the run.
 */
import * as assert from 'node:assert/strict';
import { buildPlan, Runner, type Plan } from '../../../src/plans';
import type { Place } from '../../../src/providers/provider';
import { AWS_ACCOUNTS, AWS_PEERINGS, AWS_VPCS } from '../../../src/sandbox/worlds/demoTopology';
import { SAMPLE_INPUTS } from '../plans/samples';
import { useSandbox } from '../plans/sandboxSession';

describe('runner: an AWS peering that exists already between the plan’s VPCs', function () {
  this.timeout(120_000);
  const fixture = useSandbox({
    operationDelayMs: 60,
    tmpPrefix: 'runner-dup-',
    resetEachTest: true,
  });

  const place = (id: string, region = 'us-east-1'): Place => ({
    account: fixture.account(id),
    region,
  });
  const aws = () => fixture.provider('aws');
  const runner = () =>
    new Runner({
      loadProvider: fixture.session.loadProvider,
      accounts: fixture.session.accounts,
      journalPath: fixture.journalPath(),
      pollIntervalMs: 40,
      maxAttempts: 1,
    });
  const plan = (): Plan =>
    buildPlan(
      'aws-cross-account',
      SAMPLE_INPUTS['aws-cross-account'] ?? {},
      fixture.context('aws-cross-account'),
    );

  it('adopts a pending request in the same direction and creates nothing new', async () => {
    const provider = await aws();
    const existing = await provider.createPeering(place('sandbox:aws:app'), {
      vpcId: AWS_VPCS.app.id,
      peerVpcId: AWS_VPCS.emqx.id,
      peerOwnerId: AWS_ACCOUNTS.emqx.accountId,
    });
    fixture.sandbox.admin.resetCounters();
    const result = await runner().run(plan());
    assert.equal(result.status, 'succeeded', result.error);
    assert.equal(result.outputs.peeringId, existing.id);
    assert.equal(fixture.sandbox.admin.counters()['aws.CreateVpcPeeringConnection'] ?? 0, 0);
  });

  it('stops before creating a duplicate when a live request goes the other way round', async () => {
    const provider = await aws();
    const reverse = await provider.createPeering(place('sandbox:aws:emqx'), {
      vpcId: AWS_VPCS.emqx.id,
      peerVpcId: AWS_VPCS.app.id,
      peerOwnerId: AWS_ACCOUNTS.app.accountId,
    });
    fixture.sandbox.admin.advanceClock(1000);
    fixture.sandbox.admin.resetCounters();
    const result = await runner().run(plan());
    assert.equal(result.status, 'failed');
    assert.equal(result.failedStep, 'request-peering');
    assert.match(result.error ?? '', new RegExp(`Peering ${reverse.id} \\(pending-acceptance\\)`));
    assert.match(result.error ?? '', /other way round/);
    assert.match(result.error ?? '', /VpcPeeringConnectionAlreadyExists/);
    assert.equal(fixture.sandbox.admin.counters()['aws.CreateVpcPeeringConnection'] ?? 0, 0);
  });

  const APP_TABLE = 'rtb-0a1a0000000000001';
  const EMQX_CIDR = AWS_VPCS.emqx.cidrs[0];
  async function routeTo(cidr: string) {
    const tables = await (await aws()).listRouteTables(place('sandbox:aws:app'), AWS_VPCS.app.id);
    return tables.find((t) => t.id === APP_TABLE)?.routes.find((r) => r.destination === cidr);
  }

  it('replaces a blackhole route left by a deleted peering with a route through the new one', async () => {
    const provider = await aws();
    const old = await provider.createPeering(place('sandbox:aws:app'), {
      vpcId: AWS_VPCS.app.id,
      peerVpcId: AWS_VPCS.emqx.id,
      peerOwnerId: AWS_ACCOUNTS.emqx.accountId,
    });
    fixture.sandbox.admin.advanceClock(1000);
    await provider.acceptPeering(place('sandbox:aws:emqx'), old.id);
    fixture.sandbox.admin.advanceClock(1000);
    await provider.createRoute(place('sandbox:aws:app'), {
      routeTableId: APP_TABLE,
      destinationCidr: EMQX_CIDR,
      peeringId: old.id,
    });
    await provider.deletePeering(place('sandbox:aws:app'), old.id);
    assert.equal((await routeTo(EMQX_CIDR))?.state, 'blackhole');

    fixture.sandbox.admin.resetCounters();
    const result = await runner().run(plan());
    assert.equal(result.status, 'succeeded', result.error);
    const pcxId = String(result.outputs.peeringId);
    assert.notEqual(pcxId, old.id);
    const route = await routeTo(EMQX_CIDR);
    assert.equal(route?.target, pcxId);
    assert.equal(route?.state, 'active');
    assert.equal(fixture.sandbox.admin.counters()['aws.ReplaceRoute'] ?? 0, 1);
  });

  it('stops at the route step when the table sends the CIDR through another live peering', async () => {
    const provider = await aws();
    // app ↔ shared is active in the demo world.
    const other = { id: AWS_PEERINGS.activeDnsOff };
    await provider.createRoute(place('sandbox:aws:app'), {
      routeTableId: APP_TABLE,
      destinationCidr: EMQX_CIDR,
      peeringId: other.id,
    });
    fixture.sandbox.admin.resetCounters();
    const result = await runner().run(plan());
    assert.equal(result.status, 'failed');
    assert.match(result.error ?? '', new RegExp(`already sends ${EMQX_CIDR} to ${other.id}`));
    assert.equal((await routeTo(EMQX_CIDR))?.target, other.id);
    assert.equal(fixture.sandbox.admin.counters()['aws.ReplaceRoute'] ?? 0, 0);
  });
});
