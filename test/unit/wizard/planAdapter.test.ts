import * as assert from 'node:assert/strict';
import type { Account, Network } from '../../../src/model/types';
import { listScenarios } from '../../../src/plans';
import {
  followUpsFromText,
  inputsFromNetwork,
  localSide,
  orderScenarios,
  scenarioSides,
  scenarioView,
  WizardPlansAdapter,
} from '../../../src/ui/wizard/planBundle/planAdapter';
import type { InventorySnapshot } from '../../../src/ui/wizard/session/wizardInventory';
import * as demo from '../../../src/sandbox/worlds/demoTopology';
import { AIVEN, AWS_VPCS, AZURE, GCP, UPCLOUD } from '../../../src/sandbox/worlds/demoTopology';

function scenario(id: string) {
  const found = listScenarios().find((s) => s.id === id);
  assert.ok(found, `scenario ${id}`);
  return found;
}

describe('wizard/planAdapter: plans as the wizard shows them', () => {
  it('puts every scenario’s own network on "Your network", never a service’s', () => {
    const expected: Record<string, string> = {
      'aws-same-account': 'requester',
      'dragonfly-aws': 'customer',
      'dragonfly-gcp': 'customer',
      'emqx-cloud-aws': 'customer',
      'aiven-to-upcloud': 'upcloud',
      'upcloud-to-aiven': 'upcloud',
      'upcloud-upcloud': 'local',
    };
    for (const [id, side] of Object.entries(expected))
      assert.equal(localSide(scenario(id))?.id, side, id);
    for (const summary of listScenarios()) {
      const view = scenarioView(summary);
      assert.ok(view.localClouds.length > 0, `${summary.id} offers networks to pick`);
      for (const cloud of view.localClouds)
        assert.ok(!['dragonfly', 'aiven'].includes(cloud), `${summary.id}: ${cloud}`);
      // Every input is asked somewhere, once.
      assert.equal(view.fields.length, summary.inputs.length);
      assert.ok(
        scenarioSides(summary).every((s) => s.cloud),
        `${summary.id}: every side has a cloud`,
      );
    }
  });

  it('answers your side’s id, region, account and CIDRs from the picked network, and hides them', () => {
    const summary = scenario('dragonfly-aws');
    const customer = localSide(summary)!;
    const network: Network = {
      key: 'sandbox:aws:app/us-east-1/' + AWS_VPCS.app.id,
      accountKey: 'sandbox:aws:app',
      cloud: 'aws',
      id: AWS_VPCS.app.id,
      name: AWS_VPCS.app.name,
      cidrs: [...AWS_VPCS.app.cidrs, AWS_VPCS.app.ipv6],
      region: 'us-east-1',
      ownerId: '111111111111',
    };
    assert.deepEqual(inputsFromNetwork(customer, network), {
      customerAccountId: '111111111111',
      customerRegion: 'us-east-1',
      customerVpcId: AWS_VPCS.app.id,
      customerCidrs: `${AWS_VPCS.app.cidrs.join(', ')}, ${AWS_VPCS.app.ipv6}`,
    });
    const fields = scenarioView(summary).fields;
    const hidden = fields.filter((f) => f.fromNetwork).map((f) => f.name);
    assert.deepEqual(hidden.sort(), [
      'customerAccountId',
      'customerCidrs',
      'customerRegion',
      'customerVpcId',
    ]);
    assert.ok(fields.find((f) => f.name === 'customerRouteTableIds')?.step === 'network');
    assert.ok(fields.find((f) => f.name === 'dragonflyNetworkId')?.step === 'other');
  });

  it('shows an overlap typed on the other side at that field, by its label, once', () => {
    const summary = scenario('dragonfly-aws');
    const network: Network = {
      key: 'sandbox:aws:app/us-east-1/' + AWS_VPCS.app.id,
      accountKey: 'sandbox:aws:app',
      cloud: 'aws',
      id: AWS_VPCS.app.id,
      name: AWS_VPCS.app.name,
      cidrs: [...AWS_VPCS.app.cidrs],
      region: 'us-east-1',
      ownerId: '111111111111',
    };
    const view = new WizardPlansAdapter().validate(
      {
        scenarioId: 'dragonfly-aws',
        localNetworkKey: network.key,
        // The Dragonfly network typed on top of the picked VPC's own range.
        inputs: { dragonflyNetworkId: 'df-net-1', dragonflyCidr: AWS_VPCS.app.cidrs[0] },
      },
      { accounts: [], networks: [network], peerings: [], errors: [] },
    );
    const overlaps = view.errors.filter((e) => /overlaps/.test(e.message));
    assert.equal(overlaps.length, 1, JSON.stringify(view.errors, null, 1));
    const dfCidr = summary.inputs.find((i) => i.name === 'dragonflyCidr')!;
    // Next to the field the user typed (on the Dragonfly page), not the hidden VPC field.
    assert.equal(overlaps[0].field, 'dragonflyCidr');
    assert.equal(
      scenarioView(summary).fields.find((f) => f.name === 'dragonflyCidr')?.step,
      'other',
    );
    const yours = summary.inputs.find((i) => i.name === 'customerCidrs')!;
    assert.ok(overlaps[0].message.startsWith(`${yours.label} "`), overlaps[0].message);
    assert.ok(dfCidr.label);
    for (const e of view.errors) {
      assert.doesNotMatch(e.message, /\b(customer|dragonfly)[A-Z]\w*/, e.message);
    }
    const keys = view.errors.map((e) => `${e.field} ${e.message}`);
    assert.equal(new Set(keys).size, keys.length);
  });

  it('reports an existing Dragonfly ↔ AWS peering once, not once for the connection and again for its AWS peering', () => {
    const { DRAGONFLY, AWS_PEERINGS, AWS_ACCOUNTS } = demo;
    const app: Network = {
      key: 'sandbox:aws:app/us-east-1/' + AWS_VPCS.app.id,
      accountKey: 'sandbox:aws:app',
      cloud: 'aws',
      id: AWS_VPCS.app.id,
      name: AWS_VPCS.app.name,
      cidrs: [...AWS_VPCS.app.cidrs],
      region: 'us-east-1',
      ownerId: AWS_ACCOUNTS.app.accountId,
    };
    const df: Network = {
      key: `dragonfly:sandbox/aws-us-east-1/${DRAGONFLY.network.id}`,
      accountKey: 'dragonfly:sandbox',
      cloud: 'dragonfly',
      id: DRAGONFLY.network.id,
      name: DRAGONFLY.network.name,
      cidrs: [DRAGONFLY.network.cidr],
      region: 'us-east-1',
      aliases: [
        {
          cloud: 'aws',
          accountId: AWS_ACCOUNTS.dragonfly.accountId,
          networkId: AWS_VPCS.dragonfly.id,
          region: 'us-east-1',
        },
      ],
    };
    const peering = (cloud: 'dragonfly' | 'aws', id: string, local: string, rawState: string) =>
      ({
        key: `${cloud}/${id}`,
        accountKey: cloud === 'aws' ? 'sandbox:aws:app' : 'dragonfly:sandbox',
        cloud,
        id,
        state: 'pending',
        rawState,
        local: { cloud, networkId: local },
        peer: { cloud: 'aws', networkId: AWS_VPCS.app.id },
      }) as unknown as InventorySnapshot['peerings'][number];
    const view = new WizardPlansAdapter().validate(
      {
        scenarioId: 'dragonfly-aws',
        localNetworkKey: app.key,
        inputs: { dragonflyNetworkId: DRAGONFLY.network.id },
      },
      {
        accounts: [],
        networks: [app, df],
        peerings: [
          peering('dragonfly', DRAGONFLY.connection.id, DRAGONFLY.network.id, 'inactive'),
          peering(
            'aws',
            AWS_PEERINGS.dragonflyPending,
            AWS_VPCS.dragonfly.id,
            'pending-acceptance',
          ),
        ],
        errors: [],
      },
    );
    const existing = view.errors.filter((e) => /exists already/.test(e.message));
    assert.equal(existing.length, 1, JSON.stringify(view.errors, null, 1));
    assert.equal(existing[0].field, 'customerVpcId');
    assert.match(existing[0].message, new RegExp(DRAGONFLY.connection.id));
  });

  it('fills the Aiven side from a listed Aiven VPC, its backing UpCloud network as the Aiven network ID', () => {
    const summary = scenario('aiven-to-upcloud');
    const aiven = scenarioSides(summary).find((s) => s.id === 'aiven')!;
    const vpc: Network = {
      key: `sandbox:aiven/${AIVEN.cloud}/${AIVEN.vpc.projectVpcId}`,
      accountKey: 'sandbox:aiven',
      cloud: 'aiven',
      id: AIVEN.vpc.projectVpcId,
      name: `${AIVEN.cloud} VPC`,
      cidrs: [AIVEN.vpc.cidr],
      region: AIVEN.cloud,
      ownerId: AIVEN.project,
      aliases: [{ cloud: 'upcloud', networkId: AIVEN.vpc.upcloudNetworkUuid }],
    };
    assert.deepEqual(inputsFromNetwork(aiven, vpc), {
      aivenProject: AIVEN.project,
      aivenVpcId: AIVEN.vpc.projectVpcId,
      aivenCloud: AIVEN.cloud,
      aivenCidr: AIVEN.vpc.cidr,
      aivenNetworkId: AIVEN.vpc.upcloudNetworkUuid,
    });
    assert.ok(UPCLOUD.networks.staging.uuid);
  });

  it('turns a follow-up’s inline commands into values to copy', () => {
    const items = followUpsFromText(
      'On each UpCloud VM created before the peering, refresh the DHCP lease of its interface on the peered network to get the new routes: dhclient -r eth1, then dhclient eth1 (Aiven docs, Set up VPC peering on UpCloud → Renew a DHCP lease).',
    );
    assert.deepEqual(
      items.map((i) => i.value),
      ['dhclient -r eth1', 'dhclient eth1'],
    );
    assert.match(items[0].label, /DHCP lease/);
    assert.deepEqual(
      followUpsFromText('Run `terraform apply` again.').map((i) => i.value),
      ['terraform apply'],
    );
    assert.deepEqual(
      followUpsFromText('Nothing to run here.').map((i) => i.value),
      [''],
    );
  });

  // Issue 11.2: the other side's picker filled a GCP network's path or an Azure VNet's resource
  // id into a field that wants a name, so validation rejected the pick and Next stayed disabled.
  for (const c of [
    {
      scenario: 'gcp-same-project',
      cloud: 'gcp' as const,
      idField: 'peerNetwork',
      networks: [GCP.networks.app, GCP.networks.svc].map((n) => ({
        id: `projects/${n.project}/global/networks/${n.name}`,
        name: n.name as string,
        owner: n.project as string,
        cidrs: n.subnets.map((s) => s.cidr as string),
        region: undefined,
      })),
    },
    {
      scenario: 'azure-same-tenant',
      cloud: 'azure' as const,
      idField: 'peerVnet',
      networks: [AZURE.vnets.app, AZURE.vnets.hub].map((n) => ({
        id: `/subscriptions/${AZURE.subscriptionId}/resourceGroups/${AZURE.resourceGroup}/providers/Microsoft.Network/virtualNetworks/${n.name}`,
        name: n.name as string,
        owner: AZURE.subscriptionId as string,
        cidrs: [...n.addressSpace] as string[],
        region: AZURE.location as string,
      })),
    },
  ]) {
    it(`${c.scenario}: picking the other network from discovery fills its name and passes validation`, async () => {
      const account: Account = {
        id: `sandbox:${c.cloud}`,
        cloud: c.cloud,
        label: 'Sandbox',
        ref: c.networks[0].owner,
      };
      const networks: Network[] = c.networks.map((n) => ({
        key: `${account.id}/${n.id}`,
        accountKey: account.id,
        cloud: c.cloud,
        id: n.id,
        name: n.name,
        cidrs: n.cidrs,
        ...(n.region ? { region: n.region } : {}),
        ownerId: n.owner,
      }));
      const snapshot: InventorySnapshot = {
        accounts: [account],
        networks,
        peerings: [],
        errors: [],
      };
      const adapter = new WizardPlansAdapter();
      const draft = {
        scenarioId: c.scenario,
        localNetworkKey: networks[0].key,
        inputs: {} as Record<string, string>,
      };
      const choices = (await adapter.peerChoices(draft, snapshot)).choices[c.idField];
      assert.ok(choices?.length, `${c.idField} offers the other network`);
      const choice = choices[0];
      assert.equal(choice.value, c.networks[1].name, 'the pick is the name the field wants');
      // As the webview's pick does: the value, and what the choice knows.
      Object.assign(draft.inputs, { [c.idField]: choice.value }, choice.fills ?? {});
      const result = adapter.validate(draft, snapshot);
      assert.deepEqual(result.errors, [], 'no problem after the pick');
      const plan = adapter.plan(draft, snapshot);
      assert.ok(plan.steps.length > 0);
    });
  }

  it('speaks of the other side by its label and cloud, never its internal side id', () => {
    for (const summary of listScenarios()) {
      const text = scenarioView(summary).otherSide;
      for (const side of scenarioSides(summary))
        assert.ok(
          !new RegExp(`\\b${side.id}\\b \\(|The ${side.id} side`).test(text),
          `${summary.id}: "${text}" names the side "${side.id}"`,
        );
    }
    assert.match(scenarioView(scenario('dragonfly-aws')).otherSide, /^Dragonfly Cloud, /);
    assert.match(scenarioView(scenario('aws-same-account')).otherSide, /^Accepter VPC \(AWS\), /);
  });

  // Dragonfly Cloud networks on GCP and Azure (the demo's df-gcp and df-azure): their VPC lives
  // where Dragonfly keeps it, so the pick fills "VPC ID" and "account ID" from that VPC, not the name.
  for (const c of [
    {
      scenario: 'dragonfly-gcp',
      network: demo.DRAGONFLY.gcpNetwork,
      alias: {
        cloud: 'gcp' as const,
        accountId: 'dragonfly-cloud-prod',
        networkId: `projects/dragonfly-cloud-prod/global/networks/${demo.DRAGONFLY.gcpNetwork.id}`,
      },
      expected: {
        dragonflyProject: 'dragonfly-cloud-prod',
        dragonflyVpcId: demo.DRAGONFLY.gcpNetwork.id,
      },
    },
    {
      scenario: 'dragonfly-azure',
      network: demo.DRAGONFLY.azureNetwork,
      alias: {
        cloud: 'azure' as const,
        accountId:
          '/subscriptions/dddddddd-0000-4000-8000-00000000df01/resourceGroups/dragonfly-westeurope',
        networkId: `/subscriptions/dddddddd-0000-4000-8000-00000000df01/resourceGroups/dragonfly-westeurope/providers/Microsoft.Network/virtualNetworks/${demo.DRAGONFLY.azureNetwork.id}`,
      },
      expected: {
        dfcloudAccountId:
          '/subscriptions/dddddddd-0000-4000-8000-00000000df01/resourceGroups/dragonfly-westeurope',
        dfcloudVpcId: demo.DRAGONFLY.azureNetwork.id,
      },
    },
  ]) {
    it(`${c.scenario}: a picked Dragonfly network fills its VPC's ids, not its name`, () => {
      const side = scenarioSides(scenario(c.scenario)).find((s) => s.id === 'dragonfly')!;
      const network: Network = {
        key: `dragonfly:sandbox/${c.network.provider}-${c.network.region}/${c.network.id}`,
        accountKey: 'dragonfly:sandbox',
        cloud: 'dragonfly',
        id: c.network.id,
        name: c.network.name,
        cidrs: [c.network.cidr],
        region: c.network.region,
        aliases: [{ ...c.alias, region: c.network.region }],
      };
      assert.deepEqual(inputsFromNetwork(side, network), {
        dragonflyNetworkId: c.network.id,
        dragonflyCidr: c.network.cidr,
        ...c.expected,
      });
    });
  }

  it('offers placeholders that cannot pass for a sandbox value', () => {
    const sandboxValues = new Set<string>();
    const collect = (value: unknown): void => {
      if (typeof value === 'string' && value.length >= 6) sandboxValues.add(value);
      else if (value && typeof value === 'object') Object.values(value).forEach(collect);
    };
    collect(demo);
    let seen = 0;
    for (const summary of listScenarios())
      for (const field of scenarioView(summary).fields) {
        if (!field.placeholder) continue;
        seen++;
        assert.match(field.placeholder, /^e\.g\. /, `${summary.id}.${field.name}`);
        for (const value of sandboxValues)
          assert.ok(
            !field.placeholder.includes(value),
            `${summary.id}.${field.name}: "${field.placeholder}" shows the sandbox's "${value}"`,
          );
      }
    assert.ok(seen > 50, `${seen} placeholders`);
  });

  it('lists related scenarios together: own networks by cloud, then Dragonfly, EMQX and Aiven', () => {
    const ids = orderScenarios(listScenarios()).map((v) => v.id);
    const groups = ids.map((id) =>
      /dragonfly/.test(id)
        ? 'dragonfly'
        : /emqx/.test(id)
          ? 'emqx'
          : /aiven/.test(id)
            ? 'aiven'
            : id.split('-')[0],
    );
    // Each group is one run in the list, in this order.
    const runs = groups.filter((g, i) => g !== groups[i - 1]);
    assert.deepEqual(runs, ['aws', 'gcp', 'azure', 'upcloud', 'dragonfly', 'emqx', 'aiven']);
  });
});
