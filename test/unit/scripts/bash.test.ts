/**
 * The bash renderer: one quoting function that bash reads back exactly,
 * shellcheck-clean scripts for every scenario, and hostile values that never
 * change the argv a CLI receives (checked with recording stub CLIs).
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { failedOrGone } from '../../../src/model/states';
import { UNSAFE_CHARACTER } from '../../../src/model/text';
import {
  buildPlan,
  buildPlanUnchecked,
  listScenarios,
  renderScript,
  validate,
} from '../../../src/plans';
import { commentText, shellQuote } from '../../../src/render/bash';
import { DRAGONFLY } from '../../../src/sandbox/worlds/demoTopology';
import { modeContext, SAMPLE_INPUTS } from '../plans/samples';
import { runWithStubs, type StubCall } from './stubCli';

const SHELLCHECK = '/usr/bin/shellcheck';
const JQ = '/usr/bin/jq';
/** What describe-route-tables / describe-security-groups print (--output json) before anything exists. */
const NO_ROUTES = '{"RouteTables": [{"RouteTableId": "rtb-0", "Routes": []}]}\n';
const NO_RULES = '{"SecurityGroups": [{"GroupId": "sg-0", "IpPermissions": []}]}\n';

/** GET /1.3/network/{uuid} of a network that can peer: type private, a router attached. */
const PEERABLE_NETWORK = {
  program: 'curl',
  when: ['GET', '~/1.3/network/'],
  output: JSON.stringify({
    network: { uuid: 'n', type: 'private', router: '04c0df35-d5a6-4b6f-8b9e-0c3a5b1c2d3e' },
  }),
};

describe('scripts/bash', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    for (const tool of [SHELLCHECK, JQ])
      assert.ok(
        existsSync(tool),
        `${tool} is missing: the script tests need it (apt-get install ${tool.split('/').pop()})`,
      );
    dir = mkdtempSync(join(tmpdir(), 'bash-scripts-'));
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  const canary = () => join(dir, 'pwned');
  const hostile = () => ({
    quotes: `it's a "quoted" value; echo pwned`,
    substitution: `$(touch ${canary()})`,
    backticks: `\`touch ${canary()}\``,
    newline: 'line one\nline two\r\n\ttabbed',
    unicode: 'Ünïcødé ✓ 🚀 ′ \u2028 العربية',
    long: `${'x'.repeat(20_000)}'$(touch ${canary()})'`,
    expansions: '${HOME} %{x} $$ \\ ; | & > < * ? ~ !!',
    dash: '--endpoint-url=http://evil.example',
    bidi: "\u202eevil\u202c 'x' \u2066\u2069\u202a\u200f\u061c\u0085\u009b\u2028\u2029\u001b[31m\u0007",
  });

  it('shellQuote: bash reads every value back exactly', () => {
    const values = [...Object.values(hostile()), '', 'plain', "'", "''", "\\'", 'a b'];
    for (const value of values) {
      const out = execFileSync('/bin/bash', ['-c', `printf '%s' ${shellQuote(value)}`], {
        encoding: 'utf8',
      });
      assert.equal(out, value);
    }
    assert.equal(shellQuote('vpc-0a1b2c3d'), 'vpc-0a1b2c3d', 'safe words stay bare');
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
    assert.ok(!existsSync(canary()));
  });

  it('shellQuote and comments never emit control, line-separator or bidi characters raw', () => {
    const value = hostile().bidi;
    const unsafe = new RegExp(UNSAFE_CHARACTER.source, 'g');
    assert.ok((value.match(unsafe) ?? []).length >= 12, 'the value holds the characters');
    const word = shellQuote(value);
    assert.doesNotMatch(word, unsafe, word);
    assert.match(word, /\$'\\xe2\\x80\\xae'/, 'U+202E as its UTF-8 bytes');
    for (const locale of ['C', 'C.UTF-8']) {
      const out = execFileSync('/bin/bash', ['-c', `printf '%s' ${word}`], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: dir, LC_ALL: locale },
      });
      assert.equal(out, value, `read back under LC_ALL=${locale}`);
    }
    assert.doesNotMatch(commentText(`a${value}b`), unsafe);
  });

  it('comments stay on one line whatever the text', () => {
    assert.equal(commentText('a\nb\r\nc\u2028d'), 'a b c d');
  });

  it('every scenario renders shellcheck-clean bash, with API and with console sides', () => {
    const files: string[] = [];
    for (const scenario of listScenarios()) {
      const inputs = SAMPLE_INPUTS[scenario.id];
      assert.ok(inputs, `sample inputs for ${scenario.id}`);
      for (const mode of ['api', 'manual'] as const) {
        const plan = buildPlan(scenario.id, inputs, modeContext(scenario.id, mode));
        const script = renderScript(plan, 'bash');
        assert.match(script, /^#!\/usr\/bin\/env bash\n/);
        assert.match(script, /\nset -euo pipefail\n/);
        for (const step of plan.steps)
          assert.ok(
            script.includes(`: ${step.title.replace(/\n/g, ' ')}`),
            `${scenario.id}: a comment for ${step.id}`,
          );
        const file = join(dir, `${scenario.id}-${mode}.sh`);
        writeFileSync(file, script);
        files.push(file);
      }
    }
    const result = spawnSync(SHELLCHECK, ['--shell=bash', '--external-sources', ...files], {
      encoding: 'utf8',
    });
    assert.equal(result.stdout + result.stderr, '', 'shellcheck findings');
    assert.equal(result.status, 0);
  });

  it('values sit at the top: commands read them only through variables', () => {
    const plan = buildPlan('aws-cross-account', SAMPLE_INPUTS['aws-cross-account'] ?? {});
    const script = renderScript(plan, 'bash');
    const code = script
      .slice(script.indexOf('# ---- Step 1/'))
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('#'))
      .join('\n');
    for (const value of [
      'vpc-0a1a0000000000001',
      '444444444444',
      'app-to-partner',
      'rtb-0e4e0000000000001',
      '10.70.0.0/16',
    ])
      assert.ok(!code.includes(value), `${value} is used only through its variable`);
    assert.match(
      script.slice(0, script.indexOf('# ---- Step 1/')),
      /\nREQUESTER_VPC_ID=vpc-0a1a0000000000001\n/,
    );
  });

  function expectCalls(
    calls: StubCall[],
    program: string,
    expected: string[][],
    jsonArgs: Record<string, unknown> = {},
  ) {
    const actual = calls.filter((c) => c.program === program).map((c) => c.argv);
    assert.equal(
      actual.length,
      expected.length,
      `${program} calls:\n${actual.map((a) => a.join(' ').slice(0, 200)).join('\n')}`,
    );
    actual.forEach((argv, i) => {
      assert.equal(argv.length, expected[i].length, `call ${i}: ${argv.join(' ').slice(0, 300)}`);
      argv.forEach((arg, j) => {
        const want = expected[i][j];
        if (want.startsWith('json:'))
          assert.deepEqual(JSON.parse(arg), jsonArgs[want.slice(5)], `call ${i} arg ${j}`);
        else assert.equal(arg, want, `call ${i} arg ${j}`);
      });
    });
  }

  it('AWS: hostile names, ids and profiles reach the aws CLI as exactly the values given', async () => {
    const h = hostile();
    const inputs = {
      ...SAMPLE_INPUTS['aws-cross-account'],
      requesterCidrs: ['10.10.0.0/16'],
      requesterVpcId: `vpc-${h.substitution}${h.quotes}`,
      requesterRouteTableIds: [`rtb-${h.backticks}`],
      requesterSecurityGroupIds: [h.unicode],
      requesterProfile: h.long,
      accepterProfile: `-${h.expansions}`,
      accepterVpcId: h.dash,
      accepterAccountId: h.quotes,
      peeringName: `${h.quotes} ${h.substitution} ${h.backticks} ${h.newline}`,
      ruleDescription: `${h.unicode}${h.newline}${h.expansions}`,
      ingressPorts: 'tcp:5432',
    };
    const plan = buildPlanUnchecked('aws-cross-account', inputs);
    const pcx = 'pcx-0123456789abcdef0';
    const run = await runWithStubs(dir, renderScript(plan, 'bash'), [
      { program: 'aws', when: ['describe-vpc-peering-connections', '--filters'], output: 'None\n' },
      { program: 'aws', when: ['create-vpc-peering-connection'], output: `${pcx}\n` },
      {
        program: 'aws',
        when: ['describe-vpc-peering-connections', '--vpc-peering-connection-ids'],
        output: 'pending-acceptance\n',
        times: 2,
      },
      {
        program: 'aws',
        when: ['describe-vpc-peering-connections', '--vpc-peering-connection-ids'],
        output: 'active\n',
      },
      { program: 'aws', when: ['accept-vpc-peering-connection'], output: 'provisioning\n' },
      { program: 'aws', when: ['describe-route-tables'], output: NO_ROUTES },
      { program: 'aws', when: ['describe-security-groups'], output: NO_RULES },
      { program: 'aws', when: ['authorize-security-group-ingress'], output: 'True\n' },
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(!existsSync(canary()), 'nothing in a value ran');
    const req = [`--profile=${inputs.requesterProfile}`, '--region', 'us-east-1'];
    const acc = [`--profile=${inputs.accepterProfile}`, '--region', 'us-east-1'];
    const status = [
      'ec2',
      'describe-vpc-peering-connections',
      '--vpc-peering-connection-ids',
      pcx,
      '--query',
      'VpcPeeringConnections[0].Status.Code',
      '--output',
      'text',
    ];
    const rule = (cidr: string) => [
      {
        IpProtocol: 'tcp',
        FromPort: 5432,
        ToPort: 5432,
        IpRanges: [{ CidrIp: cidr, Description: inputs.ruleDescription }],
      },
    ];
    expectCalls(
      run.calls,
      'aws',
      [
        [
          ...req,
          'ec2',
          'describe-vpc-peering-connections',
          '--filters',
          `Name=requester-vpc-info.vpc-id,Values=${inputs.requesterVpcId}`,
          `Name=accepter-vpc-info.vpc-id,Values=${inputs.accepterVpcId}`,
          'Name=status-code,Values=initiating-request,pending-acceptance,provisioning,active',
          '--query',
          'VpcPeeringConnections[0].VpcPeeringConnectionId',
          '--output',
          'text',
        ],
        [
          ...req,
          'ec2',
          'describe-vpc-peering-connections',
          '--filters',
          `Name=requester-vpc-info.vpc-id,Values=${inputs.accepterVpcId}`,
          `Name=accepter-vpc-info.vpc-id,Values=${inputs.requesterVpcId}`,
          'Name=status-code,Values=initiating-request,pending-acceptance,provisioning,active',
          '--query',
          'VpcPeeringConnections[0].VpcPeeringConnectionId',
          '--output',
          'text',
        ],
        [
          ...req,
          'ec2',
          'create-vpc-peering-connection',
          '--vpc-id',
          inputs.requesterVpcId,
          '--peer-vpc-id',
          inputs.accepterVpcId,
          '--peer-owner-id',
          inputs.accepterAccountId,
          '--tag-specifications',
          'json:tags',
          '--query',
          'VpcPeeringConnection.VpcPeeringConnectionId',
          '--output',
          'text',
        ],
        [...acc, ...status],
        [...acc, ...status],
        [
          ...acc,
          'ec2',
          'accept-vpc-peering-connection',
          '--vpc-peering-connection-id',
          pcx,
          '--query',
          'VpcPeeringConnection.Status.Code',
          '--output',
          'text',
        ],
        [...req, ...status],
        [
          ...req,
          'ec2',
          'describe-route-tables',
          '--route-table-ids',
          inputs.requesterRouteTableIds[0],
          '--output',
          'json',
        ],
        [
          ...req,
          'ec2',
          'create-route',
          '--route-table-id',
          inputs.requesterRouteTableIds[0],
          '--destination-cidr-block',
          '10.70.0.0/16',
          '--vpc-peering-connection-id',
          pcx,
        ],
        [
          ...acc,
          'ec2',
          'describe-route-tables',
          '--route-table-ids',
          'rtb-0e4e0000000000001',
          '--output',
          'json',
        ],
        [
          ...acc,
          'ec2',
          'create-route',
          '--route-table-id',
          'rtb-0e4e0000000000001',
          '--destination-cidr-block',
          '10.10.0.0/16',
          '--vpc-peering-connection-id',
          pcx,
        ],
        [
          ...req,
          'ec2',
          'describe-security-groups',
          '--group-ids',
          inputs.requesterSecurityGroupIds[0],
          '--output',
          'json',
        ],
        [
          ...req,
          'ec2',
          'authorize-security-group-ingress',
          '--group-id',
          inputs.requesterSecurityGroupIds[0],
          '--ip-permissions',
          'json:rule1',
          '--query',
          'Return',
          '--output',
          'text',
        ],
        [
          ...acc,
          'ec2',
          'describe-security-groups',
          '--group-ids',
          'sg-0e4e0000000000001',
          '--output',
          'json',
        ],
        [
          ...acc,
          'ec2',
          'authorize-security-group-ingress',
          '--group-id',
          'sg-0e4e0000000000001',
          '--ip-permissions',
          'json:rule2',
          '--query',
          'Return',
          '--output',
          'text',
        ],
      ],
      {
        tags: [
          {
            ResourceType: 'vpc-peering-connection',
            Tags: [{ Key: 'Name', Value: inputs.peeringName }],
          },
        ],
        rule1: rule('10.70.0.0/16'),
        rule2: rule('10.10.0.0/16'),
      },
    );
  });

  it('AWS: a profile that starts with "-" reaches the real aws CLI as the --profile value', function () {
    const aws = spawnSync('aws', ['--version'], { encoding: 'utf8' });
    if (aws.error || aws.status !== 0) {
      console.log('    (skipped: the aws CLI is not installed here)');
      this.skip();
    }
    const plan = buildPlan('aws-same-account', {
      ...SAMPLE_INPUTS['aws-same-account'],
      requesterProfile: '-team',
    });
    const script = renderScript(plan, 'bash');
    const fn = /^aws_requester\(\) \{\n[^]*?\n\}$/m.exec(script)?.[0];
    assert.ok(fn, 'the script defines aws_requester');
    const config = join(dir, 'aws-config');
    writeFileSync(config, '[profile -team]\ncloud_peering_check = from-dash-team\n');
    const run = spawnSync(
      '/bin/bash',
      [
        '-c',
        `set -euo pipefail\nAWS_EC2_ENDPOINT=\nREQUESTER_AWS_PROFILE=-team\nREQUESTER_REGION=us-east-1\n${fn}\naws_requester configure get cloud_peering_check`,
      ],
      {
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          HOME: dir,
          AWS_CONFIG_FILE: config,
          AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
        },
      },
    );
    assert.equal(run.stderr, '');
    assert.equal(run.stdout.trim(), 'from-dash-team', 'aws read the "-team" profile');
  });

  describe('Dragonfly ↔ Azure: the service-principal sign-in', () => {
    /** A secret az's parser would take for an option, as about 1 generated secret in 40 is. */
    const secret = '-Xx8Q~abc.DEF_123-4567890abcdefGHIJKLmn';
    const loginScript = (): string => {
      const plan = buildPlan('dragonfly-azure', {
        ...SAMPLE_INPUTS['dragonfly-azure'],
        userAppId: '11111111-2222-4333-8444-555555555555',
        userTenantId: '66666666-7777-4888-8999-000000000000',
      });
      const step = plan.steps.find((s) => s.script.bash.includes('--service-principal'));
      assert.ok(step, 'the plan signs in as the application');
      return [
        'set -euo pipefail',
        "USER_APP_ID='11111111-2222-4333-8444-555555555555'",
        "USER_TENANT_ID='66666666-7777-4888-8999-000000000000'",
        "DFCLOUD_TENANT_ID='3f7cbd78-1650-4b7d-b28f-8ee05eac10a4'",
        step.script.bash,
      ].join('\n');
    };

    it('passes the secret on standard input, never in argv', () => {
      const bin = join(dir, 'az-recorder');
      mkdirSync(bin, { recursive: true });
      const log = join(dir, 'az-recorder.log');
      writeFileSync(log, '');
      writeFileSync(
        join(bin, 'az'),
        `#!/bin/bash\nprintf 'argv:%s\\n' "$*" >> ${shellQuote(log)}\nif [[ "$1" == login ]]; then printf 'stdin:%s\\n' "$(cat)" >> ${shellQuote(log)}; fi\n`,
      );
      chmodSync(join(bin, 'az'), 0o755);
      const run = spawnSync('/bin/bash', ['-c', loginScript()], {
        encoding: 'utf8',
        env: { PATH: `${bin}:${process.env.PATH}`, USER_APP_PASSWORD: secret },
      });
      assert.equal(run.status, 0, run.stderr);
      const lines = readFileSync(log, 'utf8').trim().split('\n');
      const argvs = lines.filter((l) => l.startsWith('argv:'));
      assert.equal(argvs.filter((l) => l.includes('login --service-principal')).length, 2);
      for (const a of argvs) assert.ok(!a.includes(secret), `the secret is not in argv: ${a}`);
      assert.deepEqual(
        lines.filter((l) => l.startsWith('stdin:')),
        [`stdin:${secret}`, `stdin:${secret}`],
      );
    });

    it('the real az CLI parses the sign-in with a secret that starts with "-"', function () {
      this.timeout(120_000);
      const az = spawnSync('az', ['version', '--output', 'none'], { encoding: 'utf8' });
      if (az.error || az.status !== 0) {
        console.log('    (skipped: the az CLI is not installed here)');
        this.skip();
      }
      const config = mkdtempSync(join(dir, 'azure-config-'));
      // No network: the sign-in fails after parsing (cannot reach login.microsoftonline.com).
      const run = spawnSync('/bin/bash', ['-c', loginScript().replace('set -euo pipefail', '')], {
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          HOME: dir,
          AZURE_CONFIG_DIR: config,
          AZURE_CORE_COLLECT_TELEMETRY: 'false',
          USER_APP_PASSWORD: secret,
        },
      });
      assert.doesNotMatch(
        run.stderr,
        /expected one argument|unrecognized arguments|the following arguments are required/,
      );
      assert.match(run.stderr, /login\.microsoftonline\.com|AADSTS/, 'az got past parsing');
    });
  });

  it('AWS: AWS_EC2_ENDPOINT adds --endpoint-url only when set', async () => {
    const plan = buildPlan('aws-same-account', {
      ...SAMPLE_INPUTS['aws-same-account'],
      requesterProfile: '',
      accepterProfile: '',
    });
    const answers = [{ program: 'aws', when: [], output: 'None\n' }];
    const script = renderScript({ ...plan, steps: plan.steps.slice(0, 1) }, 'bash');
    const plain = await runWithStubs(dir, script, answers);
    assert.deepEqual(plain.calls[0].argv.slice(0, 3), ['--region', 'us-east-1', 'ec2']);
    const pointed = await runWithStubs(dir, script, answers, {
      AWS_EC2_ENDPOINT: 'http://127.0.0.1:9',
    });
    assert.deepEqual(pointed.calls[0].argv.slice(0, 4), [
      '--endpoint-url',
      'http://127.0.0.1:9',
      '--region',
      'us-east-1',
    ]);
  });

  it('Dragonfly: hostile connection names reach the Dragonfly API as JSON built from the values', async () => {
    const h = hostile();
    const inputs = {
      ...SAMPLE_INPUTS['dragonfly-aws'],
      connectionName: `${h.quotes}${h.substitution}${h.newline}${h.unicode}`,
      ruleDescription: h.backticks,
      customerVpcId: `vpc-${h.expansions}`,
    };
    const plan = buildPlanUnchecked('dragonfly-aws', inputs, modeContext('dragonfly-aws', 'api'));
    const pcx = 'pcx-0123456789abcdef0';
    const run = await runWithStubs(
      dir,
      renderScript(plan, 'bash'),
      [
        {
          program: 'curl',
          when: ['GET', '~/v1/connections/conn-1'],
          output: '{"status":"active"}',
        },
        { program: 'curl', when: ['GET', '~/v1/connections'], output: '[]' },
        {
          program: 'curl',
          when: ['POST', '~/v1/connections'],
          output: '{"connection_id":"conn-1","status":"pending"}',
        },
        { program: 'aws', when: ['--filters', '~accepter-vpc-info.vpc-id'], output: `${pcx}\n` },
        {
          program: 'aws',
          when: ['--vpc-peering-connection-ids'],
          output: 'pending-acceptance\n',
          times: 1,
        },
        { program: 'aws', when: ['--vpc-peering-connection-ids'], output: 'active\n' },
        { program: 'aws', when: ['describe-route-tables'], output: NO_ROUTES },
        { program: 'aws', when: ['describe-security-groups'], output: NO_RULES },
      ],
      { DFCLOUD_API_KEY: `key ${h.quotes}`, DFCLOUD_API: 'http://127.0.0.1:9' },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.ok(!existsSync(canary()));
    const curl = run.calls.filter((c) => c.program === 'curl');
    const base = ['--fail-with-body', '--silent', '--show-error'];
    const headers = [
      '-H',
      `Authorization: Bearer key ${h.quotes}`,
      '-H',
      'Content-Type: application/json',
    ];
    assert.deepEqual(curl[0].argv, [
      ...base,
      '-X',
      'GET',
      ...headers,
      'http://127.0.0.1:9/v1/connections',
    ]);
    assert.deepEqual(curl[1].argv.slice(0, -1), [
      ...base,
      '-X',
      'POST',
      ...headers,
      'http://127.0.0.1:9/v1/connections',
      '--data',
    ]);
    assert.deepEqual(JSON.parse(curl[1].argv.at(-1) ?? ''), {
      name: inputs.connectionName,
      network_id: DRAGONFLY.network.id,
      peer: {
        account_id: '111111111111',
        vpc_id: inputs.customerVpcId,
        cidr_block: '10.30.0.0/16',
        region: 'us-east-1',
      },
    });
    assert.deepEqual(curl.at(-1)?.argv.at(-1), 'http://127.0.0.1:9/v1/connections/conn-1');
    const accept = run.calls.find((c) => c.argv.includes('accept-vpc-peering-connection'));
    assert.ok(accept?.argv.includes(pcx), 'the request found by the Dragonfly CIDR is accepted');
    const authorize = run.calls.find((c) => c.argv.includes('authorize-security-group-ingress'));
    const permissions = JSON.parse(
      authorize?.argv[authorize.argv.indexOf('--ip-permissions') + 1] ?? '',
    ) as unknown;
    assert.deepEqual(permissions, [
      {
        IpProtocol: 'tcp',
        FromPort: 6379,
        ToPort: 6379,
        IpRanges: [{ CidrIp: '10.60.0.0/20', Description: h.backticks }],
      },
    ]);
  });

  describe('Dragonfly ↔ Azure (console side)', () => {
    const apps = (...names: string[]) =>
      JSON.stringify(names.map((displayName, n) => ({ appId: `app-${n}`, displayName })));
    const answers = (appList: string) => [
      { program: 'az', when: ['app', 'list'], output: appList },
      { program: 'az', when: ['app', 'create'], output: 'app-created\n' },
      { program: 'az', when: ['sp', 'list'], output: 'sp-id\n' },
      { program: 'az', when: ['account', 'show'], output: 'tenant-id\n' },
      { program: 'az', when: ['vnet', 'show'], output: '/subscriptions/s/vnet\n' },
      { program: 'az', when: ['definition', 'list'], output: 'dfcloud-peering-role\n' },
      { program: 'az', when: ['rule', 'list'], output: '[]' },
      { program: 'az', when: ['peering', 'list'], output: '[]' },
      { program: 'az', when: ['credential', 'reset'], output: 'secret\n' },
    ];
    const script = () =>
      renderScript(buildPlan('dragonfly-azure', SAMPLE_INPUTS['dragonfly-azure'] ?? {}), 'bash');
    const position = (calls: StubCall[], ...words: string[]) =>
      calls.findIndex((c) => words.every((w) => c.argv.includes(w)));

    it('stops before the application logins until the console step is confirmed', async () => {
      const run = await runWithStubs(dir, script(), answers(apps('client-app')));
      assert.equal(run.code, 3, run.stderr);
      assert.match(run.stderr, /Dragonfly Cloud console/);
      assert.match(run.stderr, /DFCLOUD_CONNECTION_CREATED=yes/);
      assert.equal(position(run.calls, 'credential', 'reset'), -1, 'no secret is reset yet');
      assert.equal(position(run.calls, '--service-principal'), -1, 'no login as the application');
    });

    it('writes the NSG rule as the user, before the switch to the service principal; appends the secret', async () => {
      const run = await runWithStubs(dir, script(), answers(apps('client-app')), {
        DFCLOUD_CONNECTION_CREATED: 'yes',
      });
      assert.equal(run.code, 0, run.stderr);
      const rule = position(run.calls, 'nsg', 'rule', 'create');
      const login = position(run.calls, '--service-principal');
      assert.ok(
        rule >= 0 && login > rule,
        `NSG rule (call ${rule}) before the SP login (${login})`,
      );
      const reset = run.calls[position(run.calls, 'credential', 'reset')];
      assert.ok(reset.argv.includes('--append'), 'the reset keeps the other secrets');
      assert.equal(reset.argv[reset.argv.indexOf('--id') + 1], 'app-0');
    });

    it('takes the application whose display name matches exactly, not a prefix match', async () => {
      const run = await runWithStubs(
        dir,
        script(),
        answers(apps('client-app-old', 'client-app', 'client-application')),
        { DFCLOUD_CONNECTION_CREATED: 'yes' },
      );
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /App ID: app-1\n/);
      const reset = run.calls[position(run.calls, 'credential', 'reset')];
      assert.equal(reset.argv[reset.argv.indexOf('--id') + 1], 'app-1');
      assert.equal(position(run.calls, 'app', 'create'), -1);
    });

    it('creates the application when only prefix matches exist, and refuses when several match exactly', async () => {
      const created = await runWithStubs(dir, script(), answers(apps('client-app-old')), {
        DFCLOUD_CONNECTION_CREATED: 'yes',
      });
      assert.equal(created.code, 0, created.stderr);
      assert.match(created.stdout, /App ID: app-created\n/);
      const twice = await runWithStubs(dir, script(), answers(apps('client-app', 'client-app')), {
        DFCLOUD_CONNECTION_CREATED: 'yes',
      });
      assert.notEqual(twice.code, 0);
      assert.match(twice.stderr, /several Azure AD applications are named client-app/);
      assert.equal(position(twice.calls, 'credential', 'reset'), -1, 'no secret is reset');
    });
  });

  it('Aiven → UpCloud without an Aiven account: the UpCloud peering gets the Aiven network ID from the Aiven API, never an empty one', async () => {
    const inputs = SAMPLE_INPUTS['aiven-to-upcloud'] ?? {};
    const plan = buildPlan('aiven-to-upcloud', inputs, {
      accounts: { upcloud: { id: 'sandbox:upcloud', cloud: 'upcloud', ref: 'u', label: 'u' } },
    });
    const aivenNetwork = '03585987-bf7d-4544-8e9b-5a1b4d74a333';
    const upcloudNetwork = String(inputs.upcloudNetworkUuid);
    const pending = JSON.stringify({
      peering_connections: [
        {
          peer_vpc: upcloudNetwork,
          state: 'PENDING_PEER',
          state_info: { 'to-network-id': aivenNetwork },
        },
      ],
    });
    const active = JSON.stringify({
      network_peerings: {
        network_peering: [
          {
            uuid: 'p1',
            state: 'active',
            network: { uuid: upcloudNetwork },
            peer_network: { uuid: aivenNetwork },
          },
        ],
      },
    });
    const run = await runWithStubs(
      dir,
      renderScript(plan, 'bash'),
      [
        {
          program: 'curl',
          when: ['GET', '~/vpcs/'],
          output: '{"peering_connections":[]}',
          times: 1,
        },
        {
          program: 'curl',
          when: ['POST', '~/peering-connections'],
          output: '{"state":"APPROVED"}',
        },
        { program: 'curl', when: ['GET', '~/vpcs/'], output: pending },
        PEERABLE_NETWORK,
        {
          program: 'curl',
          when: ['GET', '~/1.3/network-peering'],
          output: '{"network_peerings":{"network_peering":[]}}',
          times: 1,
        },
        { program: 'curl', when: ['GET', '~/1.3/network-peering'], output: active },
        {
          program: 'curl',
          when: ['POST', '~/1.3/network-peering'],
          output: '{"network_peering":{"state":"pending-peer"}}',
        },
      ],
      {
        AIVEN_TOKEN: 't',
        AIVEN_API: 'http://127.0.0.1:9',
        UPCLOUD_TOKEN: 't',
        UPCLOUD_API: 'http://127.0.0.1:9',
      },
    );
    assert.equal(run.code, 0, run.stderr);
    const post = run.calls.find(
      (c) => c.argv.includes('POST') && c.argv.some((a) => a.endsWith('/1.3/network-peering')),
    );
    const body = JSON.parse(post?.argv.at(-1) ?? '{}') as {
      network_peering?: { peer_network?: { uuid?: string } };
    };
    assert.equal(body.network_peering?.peer_network?.uuid, aivenNetwork);
    assert.ok(
      validate('aiven-to-upcloud', inputs, {
        accounts: { upcloud: { id: 'sandbox:upcloud', cloud: 'upcloud', ref: 'u', label: 'u' } },
      }).warnings.some((w) => w.field === 'aivenNetworkId'),
      'the wizard says the runner needs the Aiven network ID typed in',
    );
  });

  describe('Aiven → UpCloud: the wait for the Aiven network ID stops on the states the Aiven lifecycle table calls failed or gone', () => {
    // The states that stop a wait come from src/model/states.ts; the script must stop on each
    // of them the way the runner does, not poll until WAIT_TIMEOUT_SECONDS.
    for (const state of failedOrGone('aiven')) {
      it(`stops at once on ${state}, and never creates the UpCloud peering`, async () => {
        const inputs = SAMPLE_INPUTS['aiven-to-upcloud'] ?? {};
        const plan = buildPlan('aiven-to-upcloud', inputs, {
          accounts: { upcloud: { id: 'sandbox:upcloud', cloud: 'upcloud', ref: 'u', label: 'u' } },
        });
        const upcloudNetwork = String(inputs.upcloudNetworkUuid);
        const run = await runWithStubs(
          dir,
          renderScript(plan, 'bash'),
          [
            {
              program: 'curl',
              when: ['GET', '~/vpcs/'],
              output: '{"peering_connections":[]}',
              times: 1,
            },
            {
              program: 'curl',
              when: ['POST', '~/peering-connections'],
              output: '{"state":"APPROVED"}',
            },
            {
              program: 'curl',
              when: ['GET', '~/vpcs/'],
              output: JSON.stringify({
                peering_connections: [{ peer_vpc: upcloudNetwork, state, state_info: {} }],
              }),
            },
            PEERABLE_NETWORK,
            {
              program: 'curl',
              when: ['GET', '~/1.3/network-peering'],
              output: '{"network_peerings":{"network_peering":[]}}',
            },
          ],
          {
            AIVEN_TOKEN: 't',
            AIVEN_API: 'http://127.0.0.1:9',
            UPCLOUD_TOKEN: 't',
            UPCLOUD_API: 'http://127.0.0.1:9',
            // Short, so that a script that polls on instead of stopping fails this test quickly.
            WAIT_TIMEOUT_SECONDS: '2',
          },
        );
        assert.notEqual(run.code, 0, 'the script stops');
        assert.match(run.stderr, new RegExp(`Stopped: the state is ${state}\\b`));
        assert.doesNotMatch(run.stderr, /Timed out/);
        assert.ok(
          !run.calls.some(
            (c) =>
              c.argv.includes('POST') && c.argv.some((a) => a.endsWith('/1.3/network-peering')),
          ),
          'no UpCloud peering is created',
        );
      });
    }
  });

  it('UpCloud ↔ UpCloud: each network peering is created with the token of the account that owns it', async () => {
    const inputs = SAMPLE_INPUTS['upcloud-upcloud'] ?? {};
    const both = JSON.stringify({
      network_peerings: {
        network_peering: [
          {
            uuid: 'p1',
            state: 'active',
            network: { uuid: inputs.localNetworkUuid },
            peer_network: { uuid: inputs.peerNetworkUuid },
          },
        ],
      },
    });
    const answers = [
      PEERABLE_NETWORK,
      {
        program: 'curl',
        when: ['GET'],
        output: '{"network_peerings":{"network_peering":[]}}',
        times: 2,
      },
      { program: 'curl', when: ['GET'], output: both },
      { program: 'curl', when: ['POST'], output: '{"network_peering":{"state":"pending-peer"}}' },
    ];
    const script = renderScript(buildPlan('upcloud-upcloud', inputs), 'bash');
    const run = await runWithStubs(dir, script, answers, {
      UPCLOUD_TOKEN: 'local-token',
      UPCLOUD_PEER_TOKEN: 'peer-token',
      UPCLOUD_API: 'http://127.0.0.1:9',
    });
    assert.equal(run.code, 0, run.stderr);
    const posts = run.calls.filter((c) => c.argv.includes('POST'));
    const networkOf = (c: StubCall) =>
      (JSON.parse(c.argv.at(-1) ?? '{}') as { network_peering: { network: { uuid: string } } })
        .network_peering.network.uuid;
    const tokenOf = (c: StubCall) => c.argv.find((a) => a.startsWith('Authorization: '));
    assert.equal(posts.length, 2);
    assert.equal(networkOf(posts[0]), inputs.localNetworkUuid);
    assert.equal(tokenOf(posts[0]), 'Authorization: Bearer local-token');
    assert.equal(networkOf(posts[1]), inputs.peerNetworkUuid);
    assert.equal(tokenOf(posts[1]), 'Authorization: Bearer peer-token');
    const one = await runWithStubs(dir, script, answers, {
      UPCLOUD_TOKEN: 'only-token',
      UPCLOUD_API: 'http://127.0.0.1:9',
    });
    assert.equal(one.code, 0, one.stderr);
    assert.ok(
      one.calls.every((c) => tokenOf(c) === 'Authorization: Bearer only-token'),
      'one account: UPCLOUD_TOKEN serves both',
    );
  });

  it('UpCloud: the script reads both networks first and stops, before any peering, on one without a router or not private', async () => {
    const inputs = SAMPLE_INPUTS['upcloud-upcloud'] ?? {};
    const script = renderScript(buildPlan('upcloud-upcloud', inputs), 'bash');
    const env = {
      UPCLOUD_TOKEN: 'local-token',
      UPCLOUD_PEER_TOKEN: 'peer-token',
      UPCLOUD_API: 'http://127.0.0.1:9',
    };
    const peerNetwork = (network: Record<string, unknown>) => ({
      program: 'curl',
      when: ['GET', `~/1.3/network/${String(inputs.peerNetworkUuid)}`],
      output: JSON.stringify({ network: { uuid: inputs.peerNetworkUuid, ...network } }),
    });
    const rest = [
      PEERABLE_NETWORK,
      { program: 'curl', when: ['GET'], output: '{"network_peerings":{"network_peering":[]}}' },
      { program: 'curl', when: ['POST'], output: '{"network_peering":{"state":"pending-peer"}}' },
    ];
    const noRouter = await runWithStubs(
      dir,
      script,
      [peerNetwork({ type: 'private' }), ...rest],
      env,
    );
    assert.notEqual(noRouter.code, 0, 'stops');
    assert.match(noRouter.stderr, /has no router attached/);
    assert.match(noRouter.stderr, /POST \/1\.3\/router/);
    assert.deepEqual(
      noRouter.calls.filter((c) => c.argv.includes('POST')),
      [],
      'no peering was made',
    );
    const peerRead = noRouter.calls.find((c) =>
      c.argv.some((a) => a.endsWith(`/1.3/network/${String(inputs.peerNetworkUuid)}`)),
    );
    assert.ok(
      peerRead?.argv.includes('Authorization: Bearer peer-token'),
      "the other network is read with its owner's token",
    );
    const utility = await runWithStubs(
      dir,
      script,
      [peerNetwork({ type: 'utility', router: 'r' }), ...rest],
      env,
    );
    assert.notEqual(utility.code, 0, 'stops');
    assert.match(
      utility.stderr,
      /is a utility network; UpCloud peers only networks of type private/,
    );
    assert.deepEqual(
      utility.calls.filter((c) => c.argv.includes('POST')),
      [],
    );
  });

  it('EMQX Cloud: the script prints the console values and waits for EMQX to accept', async () => {
    const plan = buildPlan('emqx-cloud-aws', SAMPLE_INPUTS['emqx-cloud-aws'] ?? {});
    const pcx = 'pcx-0123456789abcdef0';
    const run = await runWithStubs(dir, renderScript(plan, 'bash'), [
      { program: 'aws', when: ['--filters', '~requester-vpc-info'], output: 'None\n' },
      { program: 'aws', when: ['create-vpc-peering-connection'], output: `${pcx}\n` },
      { program: 'aws', when: ['~RequesterVpcInfo.OwnerId'], output: '111111111111\n' },
      {
        program: 'aws',
        when: ['--vpc-peering-connection-ids'],
        output: 'pending-acceptance\n',
        times: 2,
      },
      { program: 'aws', when: ['--vpc-peering-connection-ids'], output: 'active\n' },
      { program: 'aws', when: ['describe-route-tables'], output: NO_ROUTES },
      { program: 'aws', when: ['describe-security-groups'], output: NO_RULES },
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`Peering ID: ${pcx}\\n`));
    assert.match(run.stdout, /Account ID: 111111111111\n/);
    assert.match(run.stdout, /VPC ID: vpc-0a1a0000000000003\n/);
    const create = run.calls.find((c) => c.argv.includes('create-vpc-peering-connection'));
    assert.deepEqual(
      create?.argv.slice(
        create.argv.indexOf('--peer-owner-id'),
        create.argv.indexOf('--peer-owner-id') + 2,
      ),
      ['--peer-owner-id', '444444444444'],
    );
    assert.ok(!create?.argv.includes('--peer-region'), 'EMQX Cloud peers within one region');
  });

  it('gcloud, az and the UpCloud API get hostile names as exactly one argv element or JSON field', async () => {
    const h = hostile();
    const name = `${h.quotes} ${h.substitution} ${h.backticks} ${h.unicode}`;
    // GCP
    const gcp = buildPlanUnchecked('gcp-cross-project', {
      ...SAMPLE_INPUTS['gcp-cross-project'],
      localPeeringName: name,
      peerNetwork: h.expansions,
    });
    const described = JSON.stringify({
      peerings: [
        { name, state: 'ACTIVE' },
        { name: 'peer-to-svc', state: 'ACTIVE' },
      ],
    });
    const gcpRun = await runWithStubs(dir, renderScript(gcp, 'bash'), [
      { program: 'gcloud', when: ['describe'], output: '{"peerings":[]}', times: 2 },
      { program: 'gcloud', when: ['describe'], output: described },
      { program: 'gcloud', when: ['list'], output: '[]' },
    ]);
    assert.equal(gcpRun.code, 0, gcpRun.stderr);
    const creates = gcpRun.calls.filter(
      (c) => c.argv.slice(0, 4).join(' ') === 'compute networks peerings create',
    );
    assert.deepEqual(creates[0].argv, [
      'compute',
      'networks',
      'peerings',
      'create',
      name,
      '--project',
      'sandbox-project',
      '--network',
      'svc-net',
      '--peer-project',
      'sandbox-peer-project',
      '--peer-network',
      h.expansions,
    ]);
    assert.equal(
      creates[1].argv[8],
      h.expansions,
      'the other half runs on the hostile network name',
    );
    // Azure
    const azure = buildPlanUnchecked('azure-same-tenant', {
      ...SAMPLE_INPUTS['azure-same-tenant'],
      localPeeringName: name,
      peerResourceGroup: h.dash,
    });
    const azRun = await runWithStubs(dir, renderScript(azure, 'bash'), [
      { program: 'az', when: ['list'], output: '[]' },
      { program: 'az', when: ['show'], output: 'Connected\n' },
    ]);
    assert.equal(azRun.code, 0, azRun.stderr);
    const azCreate = azRun.calls.find((c) => c.argv.includes('create'));
    assert.deepEqual(azCreate?.argv, [
      'network',
      'vnet',
      'peering',
      'create',
      '--name',
      name,
      '--resource-group',
      'rg-app',
      '--vnet-name',
      'vnet-hub',
      '--remote-vnet',
      `/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/${h.dash}/providers/Microsoft.Network/virtualNetworks/vnet-spoke`,
      '--subscription',
      '00000000-0000-4000-8000-000000000001',
      '--allow-vnet-access',
      // The sample is hub and spoke: the hub's half forwards and offers its gateway.
      '--allow-forwarded-traffic',
      '--allow-gateway-transit',
      '--query',
      'peeringState',
      '-o',
      'tsv',
    ]);
    // UpCloud
    const upcloud = buildPlanUnchecked('upcloud-upcloud', {
      ...SAMPLE_INPUTS['upcloud-upcloud'],
      localPeeringName: `${name}${h.newline}`,
    });
    const both = JSON.stringify({
      network_peerings: {
        network_peering: [
          {
            uuid: 'p1',
            state: 'active',
            network: { uuid: SAMPLE_INPUTS['upcloud-upcloud']?.localNetworkUuid },
            peer_network: { uuid: SAMPLE_INPUTS['upcloud-upcloud']?.peerNetworkUuid },
          },
        ],
      },
    });
    const upRun = await runWithStubs(
      dir,
      renderScript(upcloud, 'bash'),
      [
        PEERABLE_NETWORK,
        {
          program: 'curl',
          when: ['GET'],
          output: '{"network_peerings":{"network_peering":[]}}',
          times: 2,
        },
        { program: 'curl', when: ['GET'], output: both },
        { program: 'curl', when: ['POST'], output: '{"network_peering":{"state":"pending-peer"}}' },
      ],
      { UPCLOUD_TOKEN: 'token', UPCLOUD_API: 'http://127.0.0.1:9' },
    );
    assert.equal(upRun.code, 0, upRun.stderr);
    const post = upRun.calls.find((c) => c.argv.includes('POST'));
    assert.deepEqual(JSON.parse(post?.argv.at(-1) ?? ''), {
      network_peering: {
        configured_status: 'active',
        name: `${name}${h.newline}`,
        network: { uuid: SAMPLE_INPUTS['upcloud-upcloud']?.localNetworkUuid },
        peer_network: { uuid: SAMPLE_INPUTS['upcloud-upcloud']?.peerNetworkUuid },
      },
    });
    assert.ok(!existsSync(canary()));
  });
});
