/**
 * The Terraform renderer: every scenario's output parses as HCL (with the
 * HCL2 parser compiled to wasm, @cdktf/hcl2json, so no terraform binary is
 * needed), uses the official providers, declares every variable it reads, and
 * reads hostile values back exactly, never as interpolations.
 */
import * as assert from 'node:assert/strict';
import { parse } from '@cdktf/hcl2json';
import { UNSAFE_CHARACTER } from '../../../src/model/text';
import { buildPlan, buildPlanUnchecked, listScenarios, renderScript } from '../../../src/plans';
import { hclString } from '../../../src/render/terraform';
import { modeContext, SAMPLE_INPUTS } from '../plans/samples';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Hcl = Record<string, any>;

/** hcl2json keeps template syntax in its JSON strings; this undoes the two escapes. */
function literal(jsonString: string): string {
  return jsonString.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}

const OFFICIAL_SOURCES = new Set([
  'hashicorp/aws',
  'hashicorp/google',
  'hashicorp/azurerm',
  'hashicorp/azuread',
  'UpCloudLtd/upcloud',
  'aiven/aiven',
  'dragonflydb/dfcloud',
]);

const HOSTILE = [
  `it's a "quoted" value`,
  '${file("/etc/passwd")}',
  '%{ for x in y }x%{ endfor }',
  '$${already} %%{escaped}',
  'line one\nline two\r\n\ttab \u0001 \u007f',
  'Ünïcødé ✓ 🚀 \u2028 العربية',
  `${'x'.repeat(20_000)}\\"}`,
  'back\\slash\\',
  "\u202eevil\u202c 'x' \u2066\u2069\u202a\u200f\u061c\u0085\u009b\u2029\u001b[31m",
];

describe('scripts/terraform', function () {
  this.timeout(60_000);

  it('hclString: the HCL parser reads every value back exactly', async () => {
    for (const value of HOSTILE) {
      const out = (await parse(
        'v.tf',
        `variable "x" {\n  default = ${hclString(value)}\n}\n`,
      )) as Hcl;
      assert.equal(literal(out.variable.x[0].default as unknown as string), value);
    }
  });

  it('hclString never emits control, line-separator or bidi characters raw', () => {
    const unsafe = new RegExp(UNSAFE_CHARACTER.source);
    for (const value of HOSTILE) assert.doesNotMatch(hclString(value), unsafe, value);
    assert.equal(hclString('\u202e\u0085'), '"\\u202e\\u0085"');
  });

  it('every scenario renders Terraform that parses, with official providers and declared variables', async () => {
    for (const scenario of listScenarios()) {
      for (const mode of ['api', 'manual'] as const) {
        const plan = buildPlan(
          scenario.id,
          SAMPLE_INPUTS[scenario.id] ?? {},
          modeContext(scenario.id, mode),
        );
        const text = renderScript(plan, 'terraform');
        let hcl: Hcl;
        try {
          hcl = (await parse(`${scenario.id}.tf`, text)) as Hcl;
        } catch (error) {
          assert.fail(
            `${scenario.id} (${mode}) does not parse: ${(error as Error).message}\n${text}`,
          );
        }
        const required = (
          hcl.terraform as unknown as { required_providers: Record<string, { source: string }>[] }[]
        )[0].required_providers[0];
        for (const [name, p] of Object.entries(required))
          assert.ok(
            OFFICIAL_SOURCES.has(p.source),
            `${scenario.id}: ${name} comes from ${p.source}`,
          );
        const declared = new Set(Object.keys(hcl.variable ?? {}));
        for (const m of text.matchAll(/\bvar\.([a-z0-9_]+)/g))
          assert.ok(declared.has(m[1]), `${scenario.id}: var.${m[1]} is declared`);
        const resources = new Set(
          Object.entries(hcl.resource ?? {}).flatMap(([type, byName]) =>
            Object.keys(byName as object).map((n) => `${type}.${n}`),
          ),
        );
        for (const m of text.matchAll(
          /(?<!data\.)\b((?:aws|google|azurerm|azuread|upcloud|aiven|dfcloud)_[a-z_]+)\.([a-z0-9_]+)\.[a-z_]+/g,
        ))
          assert.ok(
            resources.has(`${m[1]}.${m[2]}`),
            `${scenario.id}: ${m[1]}.${m[2]} is declared`,
          );
        for (const step of plan.steps)
          for (const block of step.scripts.terraform)
            if (block.kind === 'resource')
              assert.ok(
                step.script.terraform.includes(`resource "${block.type}" "${block.name}"`),
                `${step.id}'s own text`,
              );
      }
    }
  });

  it('AWS: resources per step, aliases per side, and the accepter with the accepter provider', async () => {
    const plan = buildPlan('aws-cross-account', SAMPLE_INPUTS['aws-cross-account'] ?? {});
    const hcl = (await parse('x.tf', renderScript(plan, 'terraform'))) as Hcl;
    const peering = hcl.resource.aws_vpc_peering_connection.peering[0];
    assert.equal(peering.provider, '${aws.requester}');
    assert.equal(peering.peer_owner_id, '${var.accepter_account_id}');
    assert.equal(
      hcl.resource.aws_vpc_peering_connection_accepter.peering[0].provider,
      '${aws.accepter}',
    );
    // app has two IPv4 blocks and an IPv6 one: three routes back in the accepter's table.
    assert.equal(Object.keys(hcl.resource.aws_route).length, 1 + 3);
    const routes = Object.values(hcl.resource.aws_route) as Record<string, unknown>[][];
    const v6 = routes.find((r) => 'destination_ipv6_cidr_block' in r[0]);
    assert.ok(v6, 'IPv6 destinations use destination_ipv6_cidr_block');
    assert.deepEqual(
      (hcl.variable.accepter_cidrs[0] as { default: string[] }).default,
      SAMPLE_INPUTS['aws-cross-account']?.accepterCidrs,
    );
  });

  it('hostile values stay values: defaults parse back exactly and nothing interpolates', async () => {
    const inputs = {
      ...SAMPLE_INPUTS['dragonfly-aws'],
      connectionName: HOSTILE.join(' | '),
      ruleDescription: HOSTILE[1],
      customerProfile: HOSTILE[2],
      customerVpcId: HOSTILE[0],
    };
    const plan = buildPlanUnchecked('dragonfly-aws', inputs);
    const text = renderScript(plan, 'terraform');
    const hcl = (await parse('x.tf', text)) as Hcl;
    const defaultOf = (name: string) =>
      literal((hcl.variable[name][0] as { default: string }).default);
    assert.equal(defaultOf('connection_name'), inputs.connectionName);
    assert.equal(defaultOf('rule_description'), inputs.ruleDescription);
    assert.equal(defaultOf('customer_aws_profile'), inputs.customerProfile);
    assert.equal(defaultOf('customer_vpc_id'), inputs.customerVpcId);
    assert.ok(!/(?<!\$)\$\{file\(/.test(text), 'no value is written as an interpolation');
    assert.deepEqual(hcl.resource.dfcloud_connection.connection[0].peer, {
      account_id: '${var.customer_account_id}',
      region: '${var.customer_region}',
      vpc_id: '${var.customer_vpc_id}',
    });
  });
});

describe('scripts/terraform: review fixes', function () {
  this.timeout(60_000);

  it('UpCloud ↔ UpCloud: one aliased provider per account, each with its own token variable, each peering with its own', async () => {
    const plan = buildPlan('upcloud-upcloud', SAMPLE_INPUTS['upcloud-upcloud'] ?? {});
    const text = renderScript(plan, 'terraform');
    const hcl = (await parse('x.tf', text)) as Hcl;
    const providers = hcl.provider.upcloud as { alias: string; token: string }[];
    assert.deepEqual(
      providers.map((p) => [p.alias, p.token]),
      [
        ['local', '${var.upcloud_local_token}'],
        ['peer', '${var.upcloud_peer_token}'],
      ],
    );
    const peerings = hcl.resource.upcloud_network_peering;
    assert.equal(peerings.local[0].provider, '${upcloud.local}');
    assert.equal(peerings.peer[0].provider, '${upcloud.peer}');
    for (const name of ['upcloud_local_token', 'upcloud_peer_token']) {
      const v = hcl.variable[name][0] as Record<string, unknown>;
      assert.equal(v.sensitive, true, `${name} is sensitive`);
      assert.ok(!('default' in v), `${name} has no default: the token is never written`);
    }
  });

  it('Aiven ↔ UpCloud: no invented aiven resource; the step names the API call and the console step', async () => {
    for (const id of ['aiven-to-upcloud', 'upcloud-to-aiven'] as const)
      for (const mode of ['api', 'manual'] as const) {
        const plan = buildPlan(id, SAMPLE_INPUTS[id] ?? {}, modeContext(id, mode));
        const text = renderScript(plan, 'terraform');
        const hcl = (await parse('x.tf', text)) as Hcl;
        assert.deepEqual(
          Object.keys(hcl.resource ?? {}).filter((t) => t.startsWith('aiven_')),
          [],
          `${id} (${mode})`,
        );
        assert.match(text, /# No Terraform resource exists for this step:/);
        assert.match(
          text,
          /POST \/v1\/project\/<project>\/vpcs\/<project_vpc_id>\/peering-connections/,
        );
        assert.match(text, /Aiven Console: VPCs/);
      }
  });

  it('Dragonfly ↔ Azure: the VNet peering is created by the application signed in to both tenants, after the Dragonfly connection', async () => {
    for (const mode of ['api', 'manual'] as const) {
      const plan = buildPlan(
        'dragonfly-azure',
        SAMPLE_INPUTS['dragonfly-azure'] ?? {},
        modeContext('dragonfly-azure', mode),
      );
      const hcl = (await parse('x.tf', renderScript(plan, 'terraform'))) as Hcl;
      const app = (hcl.provider.azurerm as Record<string, unknown>[]).find(
        (p) => p.alias === 'dragonfly_app',
      );
      assert.ok(app, 'an azurerm provider signed in as the application');
      assert.equal(app.client_id, '${azuread_application.client.client_id}');
      assert.equal(app.client_secret, '${azuread_application_password.client.value}');
      assert.equal(app.tenant_id, '${data.azurerm_client_config.current.tenant_id}');
      assert.deepEqual(app.auxiliary_tenant_ids, ['${var.dfcloud_tenant_id}']);
      const peering = hcl.resource.azurerm_virtual_network_peering.dragonfly[0];
      assert.equal(peering.provider, '${azurerm.dragonfly_app}');
      assert.ok(
        (peering.depends_on as string[]).includes('${dfcloud_connection.connection}'),
        'after the Dragonfly connection',
      );
    }
  });

  it('Dragonfly ↔ Azure: the application is sent by its object ID in bash, the runner and Terraform (dfcloud peer.azure_app_object_id)', async () => {
    const objectId = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
    const appId = '6b0c1b7e-1d5e-4b0e-9a7c-3c1d2e3f4a5b';
    const plan = buildPlan(
      'dragonfly-azure',
      {
        ...SAMPLE_INPUTS['dragonfly-azure'],
        userAppId: appId,
        userAppObjectId: objectId,
        userTenantId: '11111111-2222-4333-8444-555555555555',
      },
      modeContext('dragonfly-azure', 'api'),
    );
    const step = plan.steps.find((s) => s.id === 'dragonfly-connection');
    assert.equal(step?.kind, 'api');
    const peer = (step?.action?.args[0] as { peer: { azure: Record<string, unknown> } }).peer;
    assert.equal(peer.azure.appObjectId, objectId, 'runner: the object ID, not the app ID');
    const bash = renderScript(plan, 'bash');
    assert.match(bash, /app_object_id: \$appobj/);
    assert.match(bash, /--arg appobj "\$USER_APP_OBJECT_ID"/);
    assert.match(
      bash,
      /USER_APP_OBJECT_ID=\$\(az ad app show --id "\$USER_APP_ID" --query id -o tsv\)/,
    );
    const hcl = (await parse('x.tf', renderScript(plan, 'terraform'))) as Hcl;
    assert.equal(
      hcl.resource.dfcloud_connection.connection[0].peer.azure_app_object_id,
      '${azuread_application.client.object_id}',
    );
  });
});
