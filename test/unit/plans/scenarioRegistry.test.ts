/**
 * The scenario contract: each scenario declares its sides (id, cloud, role, console-only), its
 * inputs belong to declared sides and agree with their clouds, the plans it builds use only
 * declared sides, the registry is frozen, and reading an input the scenario does not declare
 * does not compile.
 */
import * as assert from 'node:assert/strict';
import type { InputKind, SideSpec } from '../../../src/model/plan';
import type { CloudKind } from '../../../src/model/types';
import { listScenarios } from '../../../src/plans';
import { SCENARIOS } from '../../../src/plans/registry';
import {
  defineScenario,
  readInputs,
  type InputReader,
  type Scenario,
} from '../../../src/plans/scenario';
import { aivenToUpcloud } from '../../../src/plans/scenarios/aiven-to-upcloud';
import { awsCrossAccount } from '../../../src/plans/scenarios/aws-cross-account';
import { awsCrossRegion } from '../../../src/plans/scenarios/aws-cross-region';
import { awsSameAccount } from '../../../src/plans/scenarios/aws-same-account';
import { azureCrossTenant } from '../../../src/plans/scenarios/azure-cross-tenant';
import { azureSameTenant } from '../../../src/plans/scenarios/azure-same-tenant';
import { dragonflyAws } from '../../../src/plans/scenarios/dragonfly-aws';
import { dragonflyAzure } from '../../../src/plans/scenarios/dragonfly-azure';
import { dragonflyGcp } from '../../../src/plans/scenarios/dragonfly-gcp';
import { emqxByocAws } from '../../../src/plans/scenarios/emqx-byoc-aws';
import { emqxByocGcp } from '../../../src/plans/scenarios/emqx-byoc-gcp';
import { emqxCloudAws } from '../../../src/plans/scenarios/emqx-cloud-aws';
import { gcpCrossProject } from '../../../src/plans/scenarios/gcp-cross-project';
import { gcpSameProject } from '../../../src/plans/scenarios/gcp-same-project';
import { upcloudToAiven } from '../../../src/plans/scenarios/upcloud-to-aiven';
import { upcloudUpcloud } from '../../../src/plans/scenarios/upcloud-upcloud';
import { everyPlan } from '../scripts/terraformSchema';

/** The input kinds that belong to one cloud (kinds several clouds share are absent). */
const KIND_CLOUD: Partial<Record<InputKind, CloudKind>> = {
  awsAccountId: 'aws',
  awsRegion: 'aws',
  awsProfile: 'aws',
  vpcId: 'aws',
  pcxId: 'aws',
  routeTableId: 'aws',
  securityGroupId: 'aws',
  gcpProject: 'gcp',
  gcpNetwork: 'gcp',
  azureSubscriptionId: 'azure',
  azureTenantId: 'azure',
  azureResourceGroup: 'azure',
  azureVnetName: 'azure',
  azureRegion: 'azure',
  upcloudZone: 'upcloud',
  aivenProject: 'aiven',
  aivenCloud: 'aiven',
  dragonflyNetworkId: 'dragonfly',
};

/** Kinds whose value names the side's network. */
const NETWORK_ID_KINDS = new Set<InputKind>([
  'vpcId',
  'gcpNetwork',
  'azureVnetName',
  'uuid',
  'dragonflyNetworkId',
]);

/** Compiles only for a scenario whose input names are a union of literals, not any string. */
function narrow<N extends string>(
  scenario: Scenario<N> & (string extends N ? { inputNamesAreUntyped: never } : unknown),
): Scenario<N> {
  return scenario;
}

/** Every scenario file's input names are literal types (a spec typed `InputSpec` would widen them). */
const TYPED_SCENARIOS = {
  aivenToUpcloud: narrow(aivenToUpcloud),
  awsCrossAccount: narrow(awsCrossAccount),
  awsCrossRegion: narrow(awsCrossRegion),
  awsSameAccount: narrow(awsSameAccount),
  azureCrossTenant: narrow(azureCrossTenant),
  azureSameTenant: narrow(azureSameTenant),
  dragonflyAws: narrow(dragonflyAws),
  dragonflyAzure: narrow(dragonflyAzure),
  dragonflyGcp: narrow(dragonflyGcp),
  emqxByocAws: narrow(emqxByocAws),
  emqxByocGcp: narrow(emqxByocGcp),
  emqxCloudAws: narrow(emqxCloudAws),
  gcpCrossProject: narrow(gcpCrossProject),
  gcpSameProject: narrow(gcpSameProject),
  upcloudToAiven: narrow(upcloudToAiven),
  upcloudUpcloud: narrow(upcloudUpcloud),
};

const networkCloud = (side: SideSpec) => side.networkCloud ?? side.cloud;

describe('plans/registry: scenarios declare their sides', () => {
  it('every scenario declares its sides once, exactly one of them yours, console-only only for a service', () => {
    for (const s of listScenarios()) {
      const ids = s.sides.map((side) => side.id);
      assert.equal(new Set(ids).size, ids.length, `${s.id}: a side declared twice`);
      assert.equal(s.sides.filter((side) => side.role === 'yours').length, 1, s.id);
      for (const side of s.sides) {
        if (side.consoleOnly) assert.equal(side.role, 'service', `${s.id}/${side.id}`);
        if (side.role === 'service')
          assert.ok(s.service, `${s.id}: a service side needs the scenario's service`);
      }
      if (s.service)
        assert.ok(
          s.sides.some((side) => side.role === 'service') || s.service === 'emqx',
          `${s.id}: a service scenario without a service side`,
        );
    }
  });

  it("every input belongs to a declared side, and every side's inputs agree with its cloud", () => {
    for (const s of listScenarios()) {
      const declared = new Map(s.sides.map((side) => [side.id, side]));
      for (const spec of s.inputs)
        assert.ok(
          declared.has(spec.side),
          `${s.id}: ${spec.name} is on undeclared side ${spec.side}`,
        );
      for (const side of s.sides) {
        const inputs = s.inputs.filter((spec) => spec.side === side.id);
        assert.ok(inputs.length > 0, `${s.id}/${side.id} has no inputs`);
        // The side's network id, where its kind belongs to one cloud, is that cloud's.
        const id = inputs.find((spec) => NETWORK_ID_KINDS.has(spec.kind));
        assert.ok(id, `${s.id}/${side.id} names no network`);
        const idCloud = KIND_CLOUD[id.kind];
        if (idCloud) assert.equal(idCloud, networkCloud(side), `${s.id}/${side.id}: ${id.name}`);
      }
    }
  });

  it('every plan of every scenario, account mode and input set uses only declared sides, with their cloud', () => {
    const sides = new Map(listScenarios().map((s) => [s.id, s.sides]));
    let plans = 0;
    for (const { name, plan } of everyPlan()) {
      plans++;
      const declared = sides.get(plan.scenarioId) ?? [];
      for (const side of plan.sides) {
        const spec = declared.find((d) => d.id === side.id);
        assert.ok(spec, `${name}: plan side ${side.id} is not declared`);
        assert.equal(side.cloud, spec.cloud, `${name}: ${side.id}`);
      }
      for (const step of plan.steps)
        assert.ok(
          plan.sides.some((side) => side.id === step.side),
          `${name}: step ${step.id} on side ${step.side}`,
        );
    }
    assert.ok(plans > 100, `only ${plans} plans`);
  });

  it('the registry and its scenarios are frozen, and listed once each in a fixed order', () => {
    assert.ok(Object.isFrozen(SCENARIOS));
    assert.throws(() => (SCENARIOS as unknown[]).push({}), TypeError);
    for (const s of SCENARIOS) {
      assert.ok(Object.isFrozen(s), s.id);
      assert.ok(Object.isFrozen(s.sides) && Object.isFrozen(s.inputs), s.id);
      assert.ok(s.inputs.every(Object.isFrozen), s.id);
    }
    const ids = SCENARIOS.map((s) => s.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(
      listScenarios().map((s) => s.id),
      ids,
    );
    assert.deepEqual(
      Object.values(TYPED_SCENARIOS)
        .map((s) => s.id)
        .sort(),
      [...ids].sort(),
      'every registered scenario has its own file',
    );
  });

  it('input names are typed: reading an input the scenario does not declare does not compile', () => {
    const scenario = defineScenario({
      id: 'aws-same-account',
      title: 't',
      description: 'd',
      constraints: [],
      clouds: ['aws'],
      sides: [{ id: 'requester', cloud: 'aws', role: 'yours' }],
      inputs: [
        { name: 'vpcId', label: 'VPC', kind: 'vpcId', required: true, side: 'requester', help: '' },
      ],
      source: '',
      rules: (i) => ({
        errors: [],
        // @ts-expect-error: 'vpcID' is not an input of this scenario (it declares 'vpcId').
        warnings: [i.text('vpcID') ? undefined : undefined],
      }),
      build: () => {
        throw new Error('not built');
      },
    });
    const reader = readInputs(scenario.inputs, { vpcId: 'vpc-1' });
    assert.equal(reader.text('vpcId'), 'vpc-1');
    // The scenarios' own readers are typed the same way.
    const aws = {} as InputReader<(typeof awsSameAccount.inputs)[number]['name']>;
    const azure = {} as InputReader<(typeof dragonflyAzure.inputs)[number]['name']>;
    const compileOnly = () => {
      aws.text('requesterVpcId');
      // @ts-expect-error: the AWS same-account scenario has no accepterTenantId.
      aws.text('accepterTenantId');
      azure.text('dfcloudAccountId');
      // @ts-expect-error: a misspelt name (dfcloudAcountId) does not compile.
      azure.text('dfcloudAcountId');
    };
    assert.equal(typeof compileOnly, 'function');
  });
});
