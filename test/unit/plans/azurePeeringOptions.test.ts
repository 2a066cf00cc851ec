/**
 * Azure ↔ Azure: forwarded traffic, gateway transit and remote gateways are
 * optional inputs, off by default, and reach the runner's ARM call, the bash
 * (az network vnet peering create) and the Terraform
 * (azurerm_virtual_network_peering) of the half they belong to. "Use remote
 * gateways" needs gateway transit on the other half and can be on for one
 * half only (learn.microsoft.com, virtual-network-manage-peering#create-a-peering).
 */
import * as assert from 'node:assert/strict';
import { buildPlan, listScenarios, validate } from '../../../src/plans';
import type { InputSpec, Plan, PlanInputs, PlanStep } from '../../../src/model/plan';
import { modeContext, SAMPLE_INPUTS } from './samples';

const FLAGS = ['AllowForwardedTraffic', 'AllowGatewayTransit', 'UseRemoteGateways'] as const;

/** The sample with every peering setting off (the wizard's default). */
function withoutFlags(id: 'azure-same-tenant' | 'azure-cross-tenant'): PlanInputs {
  const inputs = { ...SAMPLE_INPUTS[id] };
  for (const who of ['local', 'peer']) for (const f of FLAGS) delete inputs[`${who}${f}`];
  return inputs;
}

function step(plan: Plan, id: string): PlanStep {
  const found = plan.steps.find((s) => s.id === id);
  assert.ok(found, id);
  return found;
}

function actionArgs(s: PlanStep): Record<string, unknown> {
  return s.action?.args[0] as Record<string, unknown>;
}

describe('plans: Azure peering settings (forwarded traffic, gateway transit, remote gateways)', () => {
  for (const id of ['azure-same-tenant', 'azure-cross-tenant'] as const) {
    it(`${id}: offers the three settings per half, optional, default off, with Microsoft's docs`, () => {
      const scenario = listScenarios().find((s) => s.id === id);
      assert.ok(scenario);
      for (const who of ['local', 'peer'])
        for (const f of FLAGS) {
          const spec: InputSpec | undefined = scenario.inputs.find((i) => i.name === `${who}${f}`);
          assert.ok(spec, `${who}${f}`);
          assert.equal(spec.kind, 'yesNo');
          assert.equal(spec.required, false);
          assert.equal(spec.default, 'no');
          assert.match(spec.label, /^Peering on (your|the other) VNet: /);
          assert.match(spec.help, /https:\/\/learn\.microsoft\.com\/azure\/virtual-network\//);
        }
    });

    it(`${id}: with every setting off, nothing changes from a plain peering`, () => {
      const plan = buildPlan(id, withoutFlags(id), modeContext(id, 'api'));
      for (const half of ['local-peering', 'peer-peering']) {
        const s = step(plan, half);
        for (const key of ['allowForwardedTraffic', 'allowGatewayTransit', 'useRemoteGateways'])
          assert.equal(actionArgs(s)[key], undefined, `${half} ${key}`);
        assert.doesNotMatch(
          s.script.bash,
          /--allow-forwarded-traffic|--allow-gateway-transit|--use-remote-gateways/,
        );
        assert.doesNotMatch(
          s.script.terraform,
          /allow_forwarded_traffic|allow_gateway_transit|use_remote_gateways/,
        );
      }
    });
  }

  it('hub and spoke: each half gets its own settings in the ARM call, bash and Terraform', () => {
    const id = 'azure-same-tenant';
    const plan = buildPlan(id, SAMPLE_INPUTS[id] ?? {}, modeContext(id, 'api'));
    const hub = step(plan, 'local-peering');
    const spoke = step(plan, 'peer-peering');
    assert.deepEqual(
      [actionArgs(hub).allowForwardedTraffic, actionArgs(hub).allowGatewayTransit],
      [true, true],
    );
    assert.equal(actionArgs(hub).useRemoteGateways, undefined);
    assert.deepEqual(
      [actionArgs(spoke).allowForwardedTraffic, actionArgs(spoke).useRemoteGateways],
      [true, true],
    );
    assert.equal(actionArgs(spoke).allowGatewayTransit, undefined);
    const createLine = (s: PlanStep) =>
      s.script.bash
        .replace(/\\\n\s*/g, '')
        .split('\n')
        .find((l) => l.includes('vnet peering create')) ?? '';
    assert.match(
      createLine(hub),
      /--allow-vnet-access --allow-forwarded-traffic --allow-gateway-transit /,
    );
    assert.doesNotMatch(createLine(hub), /--use-remote-gateways/);
    assert.match(
      createLine(spoke),
      /--allow-vnet-access --allow-forwarded-traffic --use-remote-gateways /,
    );
    assert.doesNotMatch(createLine(spoke), /--allow-gateway-transit/);
    assert.match(hub.script.terraform, /allow_gateway_transit\s*=\s*true/);
    assert.match(hub.script.terraform, /allow_forwarded_traffic\s*=\s*true/);
    assert.doesNotMatch(hub.script.terraform, /use_remote_gateways/);
    assert.match(spoke.script.terraform, /use_remote_gateways\s*=\s*true/);
    assert.doesNotMatch(spoke.script.terraform, /allow_gateway_transit/);
  });

  it('console steps list the settings to select in the portal', () => {
    const id = 'azure-same-tenant';
    const plan = buildPlan(id, SAMPLE_INPUTS[id] ?? {}, modeContext(id, 'manual'));
    const labels = (s: PlanStep) => (s.values ?? []).map((v) => v.label).join('\n');
    assert.match(labels(step(plan, 'local-peering')), /gateway transit/);
    assert.doesNotMatch(labels(step(plan, 'local-peering')), /use remote gateways/);
    assert.match(labels(step(plan, 'peer-peering')), /use remote gateways/);
  });

  describe('validation', () => {
    const id = 'azure-same-tenant';
    const errors = (extra: PlanInputs) =>
      validate(id, { ...withoutFlags(id), ...extra }, modeContext(id, 'api')).errors;

    it('use remote gateways without gateway transit on the other half: refused, by label', () => {
      const e = errors({ peerUseRemoteGateways: 'yes' });
      assert.equal(e.length, 1, JSON.stringify(e));
      assert.equal(e[0].field, 'peerUseRemoteGateways');
      assert.match(e[0].message, /^Peering on the other VNet: use remote gateways "yes": /);
      assert.match(e[0].rule, /needs "allow gateway transit" on the peering of your VNet/);
      assert.match(e[0].rule, /virtual-network-manage-peering#create-a-peering/);
      assert.deepEqual(
        errors({ peerUseRemoteGateways: 'yes', localAllowGatewayTransit: 'yes' }),
        [],
      );
    });

    it('use remote gateways on both halves: refused', () => {
      const e = errors({
        localUseRemoteGateways: 'yes',
        peerUseRemoteGateways: 'yes',
        localAllowGatewayTransit: 'yes',
        peerAllowGatewayTransit: 'yes',
      });
      assert.equal(e.length, 1, JSON.stringify(e));
      assert.equal(e[0].field, 'peerUseRemoteGateways');
      assert.match(e[0].rule, /only one half/);
    });

    it('use remote gateways and gateway transit on the same half: refused', () => {
      const e = errors({
        localUseRemoteGateways: 'yes',
        localAllowGatewayTransit: 'yes',
        peerAllowGatewayTransit: 'yes',
      });
      assert.equal(e.length, 1, JSON.stringify(e));
      assert.equal(e[0].field, 'localUseRemoteGateways');
      assert.match(e[0].rule, /own gateway/);
    });

    it('a value other than yes or no: refused by the field format', () => {
      const e = errors({ localAllowForwardedTraffic: 'true' });
      assert.equal(e.length, 1, JSON.stringify(e));
      assert.equal(e[0].field, 'localAllowForwardedTraffic');
      assert.match(e[0].message, /yes" or "no/);
    });
  });
});
