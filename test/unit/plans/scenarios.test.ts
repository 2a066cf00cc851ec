/**
 * What each seed asks for is in the plan: the steps, their order, the values
 * to carry to another console, the rules, the follow-ups and the teardown.
 */
import * as assert from 'node:assert/strict';
import { buildPlan, renderScript, validate } from '../../../src/plans';
import type { Plan } from '../../../src/model/plan';
import { modeContext, SAMPLE_INPUTS } from './samples';

const ids = (plan: Plan) => plan.steps.map((s) => s.id);

describe('plans: the providers’ guides, step by step', () => {
  it('every step has a side, a reason, a rollback hint and its script text; api steps an action and a check', () => {
    for (const [id, inputs] of Object.entries(SAMPLE_INPUTS)) {
      for (const mode of ['api', 'manual'] as const) {
        const plan = buildPlan(id, inputs ?? {}, modeContext(id, mode));
        assert.ok(plan.steps.length >= 3, id);
        for (const step of plan.steps) {
          assert.ok(
            plan.sides.some((s) => s.id === step.side),
            `${id}/${step.id}: side`,
          );
          assert.ok(
            step.reason.length > 20 && step.rollback.length > 10,
            `${id}/${step.id}: reason and rollback`,
          );
          assert.ok(
            step.script.bash.includes(step.title.slice(0, 30)),
            `${id}/${step.id}: bash text`,
          );
          if (step.kind === 'api')
            assert.ok(step.action && step.check, `${id}/${step.id}: action and check`);
          if (step.kind === 'wait') assert.ok(step.check, `${id}/${step.id}: a wait polls a check`);
          if (step.kind === 'manual')
            assert.ok(step.instructions?.length, `${id}/${step.id}: instructions`);
        }
        assert.doesNotThrow(() => JSON.parse(JSON.stringify(plan)), 'plans are JSON');
      }
    }
  });

  it('Dragonfly ↔ AWS without a Dragonfly account: the exact console values, then accept, route, 6379', () => {
    const plan = buildPlan('dragonfly-aws', SAMPLE_INPUTS['dragonfly-aws'] ?? {}, {
      accounts: { customer: { id: 'a', cloud: 'aws', ref: 'p', label: 'a' } },
    });
    assert.deepEqual(ids(plan).slice(0, 5), [
      'dragonfly-connection',
      'wait-request',
      'accept-peering',
      'wait-active',
      'customer-route-1-1',
    ]);
    const first = plan.steps[0];
    assert.equal(first.kind, 'manual');
    assert.deepEqual(
      first.values?.map((v) => [v.label, v.value]),
      [
        ['Region', 'us-east-1'],
        ['CIDR', '10.30.0.0/16'],
        ['Account ID', '111111111111'],
        ['VPC ID', 'vpc-0a1a0000000000003'],
      ],
    );
    assert.deepEqual(first.check, {
      kind: 'awsPeeringBetween',
      requesterCidr: '10.60.0.0/20',
      accepterVpcId: 'vpc-0a1a0000000000003',
      states: ['initiating-request', 'pending-acceptance', 'provisioning', 'active'],
    });
    const rule = plan.steps.find((s) => s.id.includes('-ingress-'));
    assert.deepEqual(rule?.action?.args[0], {
      groupId: 'sg-0a1a0000000000003',
      protocol: 'tcp',
      fromPort: 6379,
      toPort: 6379,
      cidr: '10.60.0.0/20',
      description: 'Dragonfly Cloud',
    });
    const route = plan.steps.find((s) => s.id.includes('-route-'));
    assert.deepEqual(route?.action?.args[0], {
      routeTableId: 'rtb-0a1a0000000000003',
      destinationCidr: '10.60.0.0/20',
      peeringId: { $ref: 'peeringId' },
    });
    assert.ok(plan.followUps.some((f) => /data store with a private endpoint/.test(f)));
    assert.match(
      validate('dragonfly-aws', {
        ...SAMPLE_INPUTS['dragonfly-aws'],
        customerCidrs: ['10.60.0.0/16'],
      }).errors[0].message,
      /"10\.60\.0\.0\/16": it overlaps the Dragonfly network's 10\.60\.0\.0\/20/,
    );
  });

  it('Dragonfly ↔ GCP: the peering with --peer-network and --peer-project, and the firewall', () => {
    const plan = buildPlan('dragonfly-gcp', SAMPLE_INPUTS['dragonfly-gcp'] ?? {});
    const bash = renderScript(plan, 'bash');
    assert.match(
      bash,
      /--peer-project "\$DFCLOUD_PROJECT" \\\n\s+--peer-network "\$DFCLOUD_VPC_ID"/,
    );
    assert.match(bash, /\nDFCLOUD_PROJECT=dragonfly-prod-1234\n/);
    assert.match(bash, /gcloud compute firewall-rules create "\$FIREWALL_NAME"/);
    assert.match(bash, /\nFIREWALL_RULES=tcp:6379\n/);
  });

  it('Dragonfly: a network with several CIDRs gets a warning naming the ones left out, and the plan says so', () => {
    const inputs = {
      ...SAMPLE_INPUTS['dragonfly-aws'],
      customerCidrs: ['10.30.0.0/16', '10.31.0.0/16', '10.32.0.0/16'],
    };
    const warning = validate('dragonfly-aws', inputs).warnings.find(
      (w) => w.field === 'customerCidrs',
    );
    assert.ok(warning, 'a warning on the CIDR field');
    assert.match(warning.message, /10\.31\.0\.0\/16, 10\.32\.0\.0\/16 will not be routed/);
    const plan = buildPlan('dragonfly-aws', inputs);
    assert.ok(
      plan.followUps.some((f) => f.includes('10.31.0.0/16, 10.32.0.0/16 will not be routed')),
    );
    const gcp = validate('dragonfly-gcp', {
      ...SAMPLE_INPUTS['dragonfly-gcp'],
      customerCidrs: ['10.1.0.0/24', '10.2.0.0/24'],
    });
    assert.match(gcp.warnings.map((w) => w.message).join(), /10\.2\.0\.0\/24 will not be routed/);
    assert.ok(
      !validate('dragonfly-aws', { ...inputs, customerCidrs: ['10.30.0.0/16'] }).warnings.some(
        (w) => w.field === 'customerCidrs',
      ),
    );
  });

  it('Dragonfly ↔ Azure: every step of the multi-tenant application flow, with the fixed ids', () => {
    const plan = buildPlan('dragonfly-azure', SAMPLE_INPUTS['dragonfly-azure'] ?? {});
    assert.deepEqual(ids(plan), [
      'az-sign-in',
      'create-app',
      'create-sp',
      'network-details',
      'network-contributor',
      'dragonfly-sp',
      'custom-role',
      'assign-custom-role',
      'nsg-6379',
      'dragonfly-connection',
      'credential-reset',
      'sp-logins',
      'customer-peering',
      'dragonfly-active',
    ]);
    const bash = renderScript(plan, 'bash');
    for (const line of [
      'DFCLOUD_TENANT_ID=3f7cbd78-1650-4b7d-b28f-8ee05eac10a4',
      'DFCLOUD_APP_ID=ac30c41f-1eab-4f45-9024-70decee5559d',
      'az account clear',
      '--sign-in-audience AzureADMultipleOrgs',
      '--key-type Password',
      "--role 'Network Contributor'",
      'az ad sp create --id "$DFCLOUD_APP_ID"',
      'Microsoft.Network/virtualNetworks/peer/action',
      'AssignableScopes: ["/subscriptions/" + $sub]',
      'az ad app credential reset --id "$USER_APP_ID" --append',
      '--tenant "$USER_TENANT_ID"',
      '--tenant "$DFCLOUD_TENANT_ID"',
      '--allow-vnet-access',
      `--remote-vnet "$DFCLOUD_ACCOUNT_ID"'/providers/Microsoft.Network/virtualNetworks/'"$DFCLOUD_VPC_ID"`,
      '--destination-port-ranges "$NSG_RULE_PORT"',
      'PEERING_NAME=vnet-app-dfcloud-peering',
    ])
      assert.ok(bash.includes(line), `the script has: ${line}`);
    const connection = plan.steps.find((s) => s.id === 'dragonfly-connection');
    assert.deepEqual(
      connection?.values?.map((v) => v.label),
      [
        'Acceptor Account ID',
        'Acceptor VPC ID',
        'Acceptor Region',
        'App ID',
        'Resource Group',
        'Tenant ID',
      ],
    );
    assert.deepEqual(
      connection?.values?.[3].value,
      { $ref: 'userAppId' },
      'the App ID comes from the app created earlier',
    );
    assert.match(
      validate('dragonfly-azure', { ...SAMPLE_INPUTS['dragonfly-azure'], dfcloudAccountId: 'rg-x' })
        .errors[0].rule,
      /\/subscriptions\/<subscription id>\/resourceGroups/,
    );
  });

  it('EMQX Cloud: same region only, no 100/8 or 101/8, the three console values, and the deletion preconditions', () => {
    const plan = buildPlan('emqx-cloud-aws', SAMPLE_INPUTS['emqx-cloud-aws'] ?? {});
    const request = plan.steps[0];
    assert.deepEqual(request.action?.args[0], {
      vpcId: 'vpc-0a1a0000000000003',
      peerVpcId: 'vpc-0e4e0000000000001',
      peerOwnerId: '444444444444',
      name: 'emqx-cloud',
    });
    assert.deepEqual(
      plan.carryValues.map((v) => v.label),
      ['Peering ID', 'Account ID', 'VPC ID'],
    );
    assert.equal(plan.teardown.length, 3);
    assert.match(plan.teardown.join(' '), /running.*no resources in the deployment/s);
    const reserved = validate('emqx-cloud-aws', {
      ...SAMPLE_INPUTS['emqx-cloud-aws'],
      customerCidrs: ['100.64.0.0/16', '101.1.0.0/16', '10.0.0.0/16'],
    });
    assert.deepEqual(
      reserved.errors.map((e) => e.field),
      ['customerCidrs[0]', 'customerCidrs[1]'],
    );
    assert.match(reserved.errors[0].rule, /EMQX Cloud does not support CIDRs in 100\.0\.0\.0\/8/);
    const otherRegion = validate('emqx-cloud-aws', SAMPLE_INPUTS['emqx-cloud-aws'] ?? {}, {
      networks: [
        {
          key: 'k',
          accountKey: 'a',
          cloud: 'aws',
          id: 'vpc-0a1a0000000000003',
          name: 'x',
          cidrs: ['10.30.0.0/16'],
          region: 'eu-west-1',
        },
      ],
    });
    assert.match(otherRegion.errors[0].rule, /only supports peering in the deployment's region/);
  });

  it('EMQX BYOC on AWS: routes in both tables (the BYOC private one too), All TCP both ways', () => {
    const plan = buildPlan(
      'emqx-byoc-aws',
      SAMPLE_INPUTS['emqx-byoc-aws'] ?? {},
      modeContext('emqx-byoc-aws', 'api'),
    );
    const routes = plan.steps
      .filter((s) => s.id.includes('-route-'))
      .map((s) => [s.side, (s.action?.args[0] as { routeTableId: string }).routeTableId]);
    assert.deepEqual(routes, [
      ['byoc', 'rtb-0a1a0000000000004'],
      ['service', 'rtb-0a1a0000000000003'],
    ]);
    const rules = plan.steps
      .filter((s) => s.id.includes('-ingress-'))
      .map((s) => s.action?.args[0] as { protocol: string; fromPort: number; toPort: number });
    assert.deepEqual(
      rules.map((r) => [r.protocol, r.fromPort, r.toPort]),
      [
        ['tcp', 0, 65535],
        ['tcp', 0, 65535],
      ],
    );
    const crossRegion = validate('emqx-byoc-aws', {
      ...SAMPLE_INPUTS['emqx-byoc-aws'],
      serviceRegion: 'eu-west-1',
    });
    assert.match(
      crossRegion.warnings.find((w) => w.field === 'serviceRegion')?.rule ?? '',
      /may incur charges/,
    );
    const overlap = validate('emqx-byoc-aws', {
      ...SAMPLE_INPUTS['emqx-byoc-aws'],
      serviceCidrs: ['10.10.0.0/24'],
    });
    assert.equal(overlap.errors[0].field, 'serviceCidrs[0]');
  });

  it('EMQX BYOC on GCP: a peering from each side, then ACTIVE, then All TCP each way', () => {
    const plan = buildPlan('emqx-byoc-gcp', SAMPLE_INPUTS['emqx-byoc-gcp'] ?? {});
    assert.deepEqual(ids(plan), [
      'byoc-peering',
      'service-peering',
      'wait-active',
      'byoc-firewall',
      'service-firewall',
    ]);
    assert.deepEqual(plan.steps[0].check, {
      kind: 'gcpPeering',
      network: 'projects/sandbox-project/global/networks/legacy-net',
      name: 'emqx-byoc-to-service',
      peerNetworkPath: 'projects/sandbox-peer-project/global/networks/peer-net',
    });
  });

  it('UpCloud and Aiven: private networks in one zone, the Aiven network ID hand-over, DHCP renewal', () => {
    const context = {
      networkTypes: { [SAMPLE_INPUTS['upcloud-upcloud']?.peerNetworkUuid as string]: 'public' },
      networkZones: {
        [SAMPLE_INPUTS['upcloud-upcloud']?.localNetworkUuid as string]: 'de-fra1',
        [SAMPLE_INPUTS['upcloud-upcloud']?.peerNetworkUuid as string]: 'fi-hel1',
      },
    };
    const errors = validate(
      'upcloud-upcloud',
      SAMPLE_INPUTS['upcloud-upcloud'] ?? {},
      context,
    ).errors.map((e) => e.rule);
    assert.ok(errors.some((r) => /only supported between networks of type private/.test(r)));
    assert.ok(errors.some((r) => /need to be in the same zone/.test(r)));
    const zone = validate('aiven-to-upcloud', SAMPLE_INPUTS['aiven-to-upcloud'] ?? {}, {
      networkZones: {
        [SAMPLE_INPUTS['aiven-to-upcloud']?.upcloudNetworkUuid as string]: 'fi-hel1',
      },
    });
    assert.deepEqual(
      zone.errors.map((e) => e.field),
      ['aivenCloud'],
    );
    const plan = buildPlan(
      'aiven-to-upcloud',
      SAMPLE_INPUTS['aiven-to-upcloud'] ?? {},
      modeContext('aiven-to-upcloud', 'api'),
    );
    assert.deepEqual(ids(plan), [
      'check-upcloud-network',
      'aiven-connection',
      'aiven-network-id',
      'upcloud-peering',
      'wait-active',
    ]);
    assert.deepEqual(
      (plan.steps[3].action?.args[0] as { peerNetworkUuid: unknown }).peerNetworkUuid,
      { $ref: 'aivenNetworkId' },
    );
    assert.ok(plan.followUps.some((f) => f.includes('dhclient -r eth1, then dhclient eth1')));
    const reverse = buildPlan('upcloud-to-aiven', SAMPLE_INPUTS['upcloud-to-aiven'] ?? {});
    assert.deepEqual(ids(reverse), [
      'check-upcloud-network',
      'upcloud-peering',
      'aiven-connection',
      'wait-active',
    ]);
    assert.equal(
      reverse.steps[2].kind,
      'manual',
      'without an Aiven account: the Aiven Console steps',
    );
    assert.match(renderScript(reverse, 'terraform'), /resource "upcloud_network_peering" "aiven"/);
  });

  it('AWS same account auto-accepts in Terraform; across accounts it uses the accepter provider', () => {
    const same = renderScript(
      buildPlan('aws-same-account', SAMPLE_INPUTS['aws-same-account'] ?? {}),
      'terraform',
    );
    assert.match(same, /auto_accept = true/);
    assert.doesNotMatch(same, /aws_vpc_peering_connection_accepter/);
    const cross = renderScript(
      buildPlan('aws-cross-account', SAMPLE_INPUTS['aws-cross-account'] ?? {}),
      'terraform',
    );
    assert.match(
      cross,
      /resource "aws_vpc_peering_connection_accepter" "peering" \{\n {2}provider += aws\.accepter/,
    );
  });
});
