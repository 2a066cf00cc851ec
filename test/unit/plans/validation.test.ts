import * as assert from 'node:assert/strict';
import { buildPlan, listScenarios, PlanValidationError, validate } from '../../../src/plans';
import type { Network, Peering } from '../../../src/model/types';
import { checkInput, parseIngressPorts } from '../../../src/plans/validation/fieldRules';
import type {
  InputKind,
  InputSpec,
  InputValue,
  PlanInputs,
  ScenarioId,
} from '../../../src/model/plan';
import { SAMPLE_INPUTS } from './samples';
import { inWords } from '../../../src/plans/validation/wording';

const spec = (kind: InputKind, extra: Partial<InputSpec> = {}): InputSpec => ({
  name: 'field',
  label: 'Field',
  kind,
  required: true,
  side: 'x',
  help: '',
  ...extra,
});

const crossAccount = {
  requesterVpcId: 'vpc-0a1a0000000000001',
  requesterCidrs: ['10.10.0.0/16'],
  requesterRegion: 'us-east-1',
  requesterRouteTableIds: ['rtb-0a1a0000000000001'],
  accepterAccountId: '444444444444',
  accepterVpcId: 'vpc-0e4e0000000000001',
  accepterCidrs: ['10.70.0.0/16'],
  accepterRouteTableIds: ['rtb-0e4e0000000000001'],
};

describe('plans: input formats', () => {
  const cases: [InputKind, string[], string[]][] = [
    ['awsAccountId', ['111111111111'], ['11111111111', '1111111111111', 'abcdefabcdef']],
    [
      'vpcId',
      ['vpc-0a1b2c3d', 'vpc-0a1b2c3d4e5f60718'],
      ['vpc-1', 'vpc-0A1B2C3D', 'subnet-0a1b2c3d'],
    ],
    ['pcxId', ['pcx-0a1b2c3d4e5f60718'], ['pcx-xyz', 'vpc-0a1b2c3d4e5f60718']],
    ['routeTableId', ['rtb-0a1b2c3d'], ['rtb-', 'rt-0a1b2c3d']],
    ['securityGroupId', ['sg-0a1b2c3d4e5f60718'], ['sg-0a1b2c3', 'sg_0a1b2c3d']],
    ['uuid', ['03126dc1-a69f-4bc2-8b24-e31c22d64712'], ['03126dc1a69f4bc28b24e31c22d64712', 'x']],
    ['gcpProject', ['my-project-1'], ['My-Project', 'abc', 'ends-with-', '1starts-with-digit']],
    ['gcpNetwork', ['app-net', 'a'], ['App-Net', 'net_1', `n${'a'.repeat(63)}`]],
    [
      'azureSubscriptionId',
      ['00000000-0000-4000-8000-000000000001'],
      ['0000-0000', '{00000000-0000-4000-8000-000000000001}'],
    ],
    ['azureResourceGroup', ['rg-app', 'rg.(prod)_1'], ['rg.', `r${'g'.repeat(90)}`, 'rg app']],
    ['azureVnetName', ['vnet-app', 'v1'], ['-vnet', 'vnet-', 'v', 'vnet app']],
    ['azureRegion', ['westeurope', 'centralus'], ['West Europe', 'x']],
    ['upcloudZone', ['de-fra1', 'us-nyc1'], ['de-fra', 'DE-FRA1']],
    ['aivenCloud', ['upcloud-de-fra1', 'aws-eu-west-1'], ['upcloud', 'UpCloud-de-fra1']],
    [
      'ingressPorts',
      ['all', 'tcp:6379', 'tcp:1024-65535', 'udp:53', 'tcp:all'],
      ['tcp:70000', 'tcp:10-5', 'http', 'tcp:'],
    ],
    ['interfaceName', ['eth1', 'ens3'], ['eth 1', 'a-very-long-interface-name']],
    ['yesNo', ['yes', 'no'], ['true', 'y']],
    [
      'cidr',
      ['10.0.0.0/16', 'fc02:c4f3::/64'],
      ['10.0.0.1/16', '10.0.0.0', '300.0.0.0/8', '10.0.0.0/33'],
    ],
  ];
  for (const [kind, good, bad] of cases) {
    it(`${kind}: accepts ${good.join(', ')} and names the rule for each bad value`, () => {
      for (const value of good)
        assert.deepEqual(checkInput(spec(kind), value), [], `${kind} ${value}`);
      for (const value of bad) {
        const [failure] = checkInput(spec(kind), value);
        assert.ok(failure, `${kind} should refuse ${value}`);
        assert.equal(failure.field, 'field');
        assert.equal(failure.value, value);
        assert.ok(failure.rule.length > 10, 'the rule is said in words');
        assert.ok(
          failure.message.includes(JSON.stringify(value).slice(1, -1).slice(0, 40)),
          failure.message,
        );
      }
    });
  }

  it('names: length per provider, no control characters, unicode and quotes allowed', () => {
    const named = spec('name', { maxLength: 10 });
    assert.deepEqual(checkInput(named, 'ünïcødé ✓'), []);
    assert.deepEqual(checkInput(named, `it's "x"`), []);
    assert.match(checkInput(named, 'eleven chars')[0].rule, /at most 10 characters/);
    assert.match(checkInput(named, 'a\nb')[0].rule, /control characters/);
    assert.match(checkInput(named, '   ')[0].rule, /blank/);
  });

  it('lists: each item is checked and named by index; duplicates are refused', () => {
    const list = spec('cidr', { list: true });
    const issues = checkInput(list, ['10.0.0.0/16', 'nope', '10.0.0.0/16']);
    assert.deepEqual(
      issues.map((i) => i.field),
      ['field[1]', 'field[2]'],
    );
    assert.match(issues[1].rule, /listed twice/);
  });

  it('ingress ports parse to the AWS form', () => {
    assert.deepEqual(parseIngressPorts('all'), { protocol: '-1' });
    assert.deepEqual(parseIngressPorts('tcp:all'), { protocol: 'tcp', fromPort: 0, toPort: 65535 });
    assert.deepEqual(parseIngressPorts('TCP:6379'), {
      protocol: 'tcp',
      fromPort: 6379,
      toPort: 6379,
    });
    assert.equal(parseIngressPorts('tcp:65536'), undefined);
  });
});

describe('plans: validation across inputs', () => {
  it('every scenario lists its constraints and inputs, and its id is unique', () => {
    const scenarios = listScenarios();
    assert.equal(new Set(scenarios.map((s) => s.id)).size, scenarios.length);
    for (const s of scenarios) {
      assert.ok(s.constraints.length > 0, `${s.id} shows constraints up front`);
      assert.ok(s.inputs.length > 0, `${s.id} has inputs`);
      assert.equal(
        new Set(s.inputs.map((i) => i.name)).size,
        s.inputs.length,
        `${s.id} input names are unique`,
      );
    }
  });

  it('returns every failure at once, each naming its field, value and rule', () => {
    const result = validate('aws-cross-account', {
      ...crossAccount,
      requesterVpcId: 'vpc-xyz',
      accepterAccountId: '123',
      accepterCidrs: ['10.10.128.0/17', 'fc00::/7', 'not-a-cidr'],
      requesterCidrs: ['10.10.0.0/16', 'fc02:c4f3::/64'],
      ingressPorts: 'tcp:99999',
    });
    const fields = result.errors.map((e) => e.field).sort();
    assert.deepEqual(fields, [
      'accepterAccountId',
      'accepterCidrs[0]',
      'accepterCidrs[1]',
      'accepterCidrs[2]',
      'ingressPorts',
      'requesterVpcId',
    ]);
    const v4 = result.errors.find((e) => e.field === 'accepterCidrs[0]');
    assert.equal(
      v4?.message,
      `Accepter VPC: CIDR blocks "10.10.128.0/17": it overlaps the requester VPC's 10.10.0.0/16; peered networks need address ranges that do not overlap.`,
    );
    assert.equal(v4?.label, 'Accepter VPC: CIDR blocks');
    assert.equal(v4?.related, 'requesterCidrs[0]');
    // In the user's words: no message speaks of an input's internal key.
    for (const e of result.errors) {
      assert.doesNotMatch(e.message, /\b(accepter|requester)[A-Z]\w*|ingressPorts/, e.message);
    }
    assert.match(
      result.errors.find((e) => e.field === 'accepterCidrs[1]')?.rule ?? '',
      /fc02:c4f3::\/64/,
    );
  });

  it('uses every CIDR discovery knows for a VPC, secondary ones included', () => {
    const networks: Network[] = [
      {
        key: 'k',
        accountKey: 'a',
        cloud: 'aws',
        id: crossAccount.accepterVpcId,
        name: 'emqx',
        cidrs: ['10.70.0.0/16', '10.11.0.0/16'],
      },
    ];
    const result = validate(
      'aws-cross-account',
      { ...crossAccount, requesterCidrs: ['10.10.0.0/16', '10.11.0.0/16'] },
      { networks },
    );
    assert.deepEqual(
      result.errors.map((e) => [e.field, e.value]),
      [['accepterCidrs[1]', '10.11.0.0/16']],
    );
  });

  it('flags a typed CIDR that contradicts the network picked from the API, once', () => {
    const networks: Network[] = [
      {
        key: 'k',
        accountKey: 'a',
        cloud: 'aws',
        id: crossAccount.accepterVpcId,
        name: 'emqx',
        cidrs: ['10.70.0.0/16'],
      },
    ];
    const result = validate(
      'aws-cross-account',
      { ...crossAccount, accepterCidrs: ['10.70.4.0/24', '10.99.0.0/16'] },
      { networks },
    );
    const contradicting = result.errors.filter((e) => e.value === '10.99.0.0/16');
    assert.equal(contradicting.length, 1, result.errors.map((e) => e.message).join('\n'));
    assert.equal(contradicting[0].field, 'accepterCidrs[1]');
    assert.equal(contradicting[0].related, 'accepterVpcId');
    assert.equal(
      contradicting[0].message,
      `Accepter VPC: CIDR blocks "10.99.0.0/16": emqx has 10.70.0.0/16 according to the provider's API, and 10.99.0.0/16 is not inside it; correct the CIDR or pick another network.`,
    );
    // A block inside the network's range is fine.
    assert.ok(!result.errors.some((e) => e.value === '10.70.4.0/24'));
  });

  it('says the same problem once, in the words of the field label', () => {
    const specs = listScenarios().find((x) => x.id === 'aws-cross-account')!.inputs;
    const rule = "it overlaps the requester VPC's 10.10.0.0/16";
    const worded = inWords(
      [
        { field: 'accepterCidrs[0]', value: '10.10.0.0/16', rule, message: '' },
        { field: 'accepterCidrs[2]', value: '10.10.0.0/16 ', rule, message: '' },
        { field: 'accepterVpcId', value: '', rule: 'it is required', message: '' },
      ],
      specs,
    );
    assert.deepEqual(
      worded.map((e) => e.message),
      [
        `Accepter VPC: CIDR blocks "10.10.0.0/16": ${rule}.`,
        `${specs.find((s) => s.name === 'accepterVpcId')!.label} is required.`,
      ],
    );
  });

  it('UpCloud: a network without a router or not of type private is refused at its field, by label, with the fix (UpCloud ↔ UpCloud, Aiven ↔ UpCloud both ways)', () => {
    const pair = SAMPLE_INPUTS['upcloud-upcloud'] ?? {};
    const label = (id: ScenarioId, field: string) =>
      listScenarios()
        .find((s) => s.id === id)
        ?.inputs.find((i) => i.name === field)?.label;
    const noRouter = validate('upcloud-upcloud', pair, {
      networkRouters: {
        [pair.localNetworkUuid as string]: null,
        [pair.peerNetworkUuid as string]: '04c0df35-2658-4b0c-8ad7-1e8e3b7e5f02',
      },
    });
    assert.deepEqual(
      noRouter.errors.map((e) => e.field),
      ['localNetworkUuid'],
    );
    assert.equal(
      noRouter.errors[0].message,
      `${label('upcloud-upcloud', 'localNetworkUuid')} "${String(pair.localNetworkUuid)}": it has no router attached; UpCloud network peering needs a router on each network. Fix: attach a router: create one with POST /1.3/router or reuse one from GET /1.3/router, then PUT /1.3/network/{uuid} with {"network": {"router": "<router UUID>"}}, or attach it in the UpCloud Control Panel.`,
    );
    for (const id of ['aiven-to-upcloud', 'upcloud-to-aiven'] as const) {
      const inputs: PlanInputs = {
        ...SAMPLE_INPUTS[id],
        aivenNetworkId: '03585987-bf7d-4544-8e9b-5a1b4d74a333',
      };
      const mine = String(inputs.upcloudNetworkUuid);
      const router = validate(id, inputs, { networkRouters: { [mine]: null } });
      assert.deepEqual(
        router.errors.map((e) => [
          e.field,
          /no router attached.*Fix: attach a router/.test(e.message),
        ]),
        [['upcloudNetworkUuid', true]],
        id,
      );
      const utility = validate(id, inputs, { networkTypes: { [mine]: 'utility' } });
      assert.deepEqual(
        utility.errors.map((e) => e.field),
        ['upcloudNetworkUuid'],
        id,
      );
      assert.match(
        utility.errors[0].message,
        /it is a utility network; peering connections are only supported between networks of type private\. Fix: pick an SDN private network/,
      );
      // A rule about Aiven's own network belongs on the Aiven network ID, not on the VPC's cloud.
      const aivenSide = validate(id, inputs, {
        networkTypes: { '03585987-bf7d-4544-8e9b-5a1b4d74a333': 'public' },
      });
      assert.deepEqual(
        aivenSide.errors.map((e) => e.field),
        ['aivenNetworkId'],
        id,
      );
      assert.deepEqual(validate(id, inputs, { networkRouters: { [mine]: 'r' } }).errors, [], id);
    }
  });

  it('refuses a second peering between the same pair', () => {
    const peerings: Peering[] = [
      {
        key: 'aws/pcx-1',
        accountKey: 'a',
        cloud: 'aws',
        id: 'pcx-0a1a00000000000a9',
        state: 'pending',
        rawState: 'pending-acceptance',
        local: { cloud: 'aws', networkId: crossAccount.accepterVpcId },
        peer: { cloud: 'aws', networkId: crossAccount.requesterVpcId },
      },
    ];
    const result = validate('aws-cross-account', crossAccount, { peerings });
    assert.equal(result.errors.length, 1);
    assert.match(
      result.errors[0].message,
      /exists already \(pcx-0a1a00000000000a9, pending-acceptance\)/,
    );
  });

  it('keeps warnings apart from errors: cross-region charges, missing route tables', () => {
    const result = validate('aws-cross-region', {
      ...crossAccount,
      accepterAccountId: undefined,
      accepterRegion: 'eu-west-1',
      accepterRouteTableIds: [],
    });
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.warnings.map((w) => w.field).sort(), [
      'accepterRegion',
      'accepterRouteTableIds',
    ]);
    assert.match(
      result.warnings.find((w) => w.field === 'accepterRegion')?.rule ?? '',
      /may incur charges/,
    );
  });

  it('same-region and same-account rules follow the scenario', () => {
    const sameRegion = validate('aws-cross-region', {
      ...crossAccount,
      accepterAccountId: undefined,
      accepterRegion: 'us-east-1',
    });
    assert.match(sameRegion.errors[0]?.rule ?? '', /must differ from the requester region/);
    const sameAccount = validate('aws-cross-account', {
      ...crossAccount,
      requesterAccountId: '444444444444',
    });
    assert.match(sameAccount.errors[0]?.rule ?? '', /must differ from the requester account/);
  });

  it('names unknown inputs and scenarios instead of ignoring them', () => {
    assert.match(
      validate('aws-same-account', { ...crossAccount }).errors[0].message,
      /accepterAccountId: .* takes no such input/,
    );
    assert.throws(
      () => validate('nope', {}),
      (e: unknown) => e instanceof PlanValidationError && /scenarioId "nope"/.test(e.message),
    );
  });

  it('buildPlan refuses invalid inputs with every error attached', () => {
    assert.throws(
      () =>
        buildPlan('aws-cross-account', {
          ...crossAccount,
          accepterCidrs: ['10.10.0.0/24'],
          accepterVpcId: 'x',
        }),
      (e: unknown) => e instanceof PlanValidationError && e.errors.length === 2,
    );
  });
});

describe('plans: hostile values are refused before anything runs', () => {
  const scenarioIds = Object.keys(SAMPLE_INPUTS) as ScenarioId[];
  const inputsOf = (id: ScenarioId): PlanInputs => ({ ...SAMPLE_INPUTS[id] });
  /** The value with `insert` put into it (into the first item of a list). */
  const withInsert = (value: InputValue, insert: (v: string) => string): InputValue =>
    Array.isArray(value) ? [insert(value[0]), ...value.slice(1)] : insert(value ?? '');

  it('the samples are valid, so every failure below is the hostile value', () => {
    for (const id of scenarioIds) assert.deepEqual(validate(id, inputsOf(id)).errors, [], id);
  });

  it('control, C1, line-separator and bidirectional characters: refused in every field, by label and code point', () => {
    const characters = [
      '\u202e',
      '\u202a',
      '\u2066',
      '\u2069',
      '\u0085',
      '\u009b',
      '\u2028',
      '\u2029',
      '\u0007',
      '\u001b',
    ];
    for (const id of scenarioIds) {
      const s = listScenarios().find((x) => x.id === id)!;
      for (const [name, value] of Object.entries(inputsOf(id))) {
        const label = s.inputs.find((i) => i.name === name)!.label;
        for (const ch of characters) {
          const code = `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
          const hostile = withInsert(value, (v) => `${v.slice(0, 2)}${ch}${v.slice(2)}`);
          const errors = validate(id, { ...inputsOf(id), [name]: hostile }).errors;
          const mine = errors.find((e) => e.field.replace(/\[\d+\]$/, '') === name);
          assert.ok(mine, `${id}.${name} must refuse ${code}`);
          assert.ok(mine.message.includes(code), `${id}.${name}: ${mine.message}`);
          assert.ok(
            mine.message.startsWith(label),
            `${id}.${name} is named by its label: ${mine.message}`,
          );
          assert.ok(!mine.message.includes(ch), 'the message shows the character escaped, not raw');
        }
      }
    }
  });

  it('az: no value of an Azure scenario may start with "@" or "-" or contain "=@"', () => {
    const azureIds = scenarioIds.filter((id) =>
      listScenarios()
        .find((s) => s.id === id)!
        .clouds.includes('azure'),
    );
    assert.ok(azureIds.includes('dragonfly-azure') && azureIds.includes('azure-same-tenant'));
    for (const id of azureIds) {
      const s = listScenarios().find((x) => x.id === id)!;
      for (const [name, value] of Object.entries(inputsOf(id))) {
        const label = s.inputs.find((i) => i.name === name)!.label;
        for (const [insert, rule] of [
          [(v: string) => `@${v}`, /"@".*contents of a local file/],
          [(v: string) => `${v.slice(0, 1)}=@${v.slice(1)}`, /"=@".*contents of a local file/],
          [(v: string) => `-${v}`, /"-"/],
        ] as const) {
          const hostile = withInsert(value, insert);
          const mine = validate(id, { ...inputsOf(id), [name]: hostile }).errors.find(
            (e) => e.field.replace(/\[\d+\]$/, '') === name,
          );
          assert.ok(mine, `${id}.${name} must refuse ${JSON.stringify(hostile)}`);
          assert.ok(mine.message.startsWith(label), mine.message);
          assert.match(mine.rule, rule, `${id}.${name}`);
        }
      }
    }
    // The display name reaches `az ad app create --display-name`: "@/path" would upload that file.
    const [error] = validate('dragonfly-azure', {
      ...inputsOf('dragonfly-azure'),
      appDisplayName: '@/etc/passwd',
    }).errors;
    assert.equal(error.field, 'appDisplayName');
    assert.match(
      error.message,
      /^Display name of your Azure AD application "@\/etc\/passwd": it must not start with "@" or contain "=@"/,
    );
    // A resource group Azure would take still may not start with "-" where az reads it.
    assert.match(
      validate('azure-same-tenant', { ...inputsOf('azure-same-tenant'), localResourceGroup: '-rg' })
        .errors[0].rule,
      /must not start with "-": the az CLI would read it as an option/,
    );
  });

  it('names may not start with "-" (the CLIs would read an option)', () => {
    const [error] = validate('aws-cross-account', {
      ...crossAccount,
      peeringName: '--help',
    }).errors;
    assert.equal(error?.field, 'peeringName');
    assert.match(error.rule, /must not start with "-"/);
    assert.deepEqual(
      validate('aws-cross-account', { ...crossAccount, peeringName: 'a-b' }).errors,
      [],
    );
  });

  it('AWS security group rule descriptions: only the characters EC2 takes', () => {
    for (const id of ['aws-cross-account', 'dragonfly-aws', 'emqx-cloud-aws'] as ScenarioId[]) {
      const inputs = id === 'aws-cross-account' ? { ...crossAccount } : inputsOf(id);
      for (const good of ['Peered VPC', 'app (prod) #1: 10.0.0.0/16 [x]+y=z&a;{b}!$*@c,d_e-f.g'])
        assert.deepEqual(
          validate(id, { ...inputs, ruleDescription: good }).errors,
          [],
          `${id} ${good}`,
        );
      for (const bad of ["it's", 'a "b"', 'ünïcødé', 'a%b', 'x'.repeat(256), 'a<b>', 'a?b']) {
        const [error] = validate(id, { ...inputs, ruleDescription: bad }).errors;
        assert.equal(error?.field, 'ruleDescription', `${id} must refuse ${bad}`);
        assert.match(
          error.message,
          /^Description of the security group rules ".*": AWS takes up to 255/,
        );
      }
    }
  });

  it('Dragonfly ↔ Azure: the account path is an ARM resource-group id', () => {
    const base = inputsOf('dragonfly-azure');
    for (const bad of [
      'my account',
      '/subscriptions/0f0f0f0f-0000-4000-8000-00000000df01',
      '/subscriptions/------------------------------------/resourceGroups/rg',
      '/subscriptions/0f0f0f0f-0000-4000-8000-00000000df01/resourceGroups/rg.',
      '/subscriptions/0f0f0f0f-0000-4000-8000-00000000df01/resourceGroups/rg/providers/x',
      '/subscriptions/0f0f0f0f-0000-4000-8000-00000000df01/resourceGroups/',
    ]) {
      const [error] = validate('dragonfly-azure', { ...base, dfcloudAccountId: bad }).errors;
      assert.equal(error?.field, 'dfcloudAccountId', `must refuse ${bad}`);
      assert.match(error.message, /^Dragonfly network: Account ID ".*": .*resource-group id/);
    }
    assert.deepEqual(
      validate('dragonfly-azure', {
        ...base,
        dfcloudAccountId:
          '/subscriptions/0F0F0F0F-0000-4000-8000-00000000DF01/resourceGroups/rg_(a).b-1',
      }).errors,
      [],
    );
  });
});
