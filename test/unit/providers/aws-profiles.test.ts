import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsProvider } from '../../../src/providers/aws/index';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { startSandbox } from '../../../src/sandbox/server';
import { AWS_ACCOUNTS, AWS_VPCS } from '../../../src/sandbox/worlds/demoTopology';

describe('providers/aws: profiles through the SDK loaders', () => {
  let dir: string;
  let sandbox: RunningSandbox;
  const saved = {
    config: process.env.AWS_CONFIG_FILE,
    credentials: process.env.AWS_SHARED_CREDENTIALS_FILE,
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'peering-aws-'));
    writeFileSync(
      join(dir, 'config'),
      [
        '[profile team-sso]',
        'sso_session = corp',
        'sso_account_id = 111111111111',
        'sso_role_name = NetworkAdmin',
        'region = eu-west-1',
        '[sso-session corp]',
        'sso_start_url = https://corp.awsapps.com/start',
        'sso_region = eu-west-1',
        '[profile cross-account]',
        'role_arn = arn:aws:iam::222222222222:role/PeeringAdmin',
        'source_profile = keys',
        '[profile keys]',
        'region = us-east-1',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'credentials'),
      [
        `[keys]`,
        `aws_access_key_id = ${AWS_ACCOUNTS.app.accessKeyId}`,
        `aws_secret_access_key = ${AWS_ACCOUNTS.app.secretAccessKey}`,
      ].join('\n'),
    );
    process.env.AWS_CONFIG_FILE = join(dir, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
    sandbox = await startSandbox({ world: 'demo' });
  });

  after(async () => {
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
    for (const [key, value] of [
      ['AWS_CONFIG_FILE', saved.config],
      ['AWS_SHARED_CREDENTIALS_FILE', saved.credentials],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it('lists SSO, assume-role and key profiles with their kinds and regions', async () => {
    const provider = new AwsProvider({ credentials: { getSecret: async () => undefined } });
    const profiles = await provider.listProfiles();
    const byName = Object.fromEntries(profiles.map((p) => [p.name, p]));
    assert.equal(byName['team-sso']?.kind, 'SSO');
    assert.equal(byName['team-sso']?.region, 'eu-west-1');
    assert.equal(byName['cross-account']?.kind, 'assume role');
    assert.equal(byName.keys?.kind, 'access keys');
    provider.dispose();
  });

  it("scans the profile's region plus the default regions setting", async () => {
    const provider = new AwsProvider({
      credentials: { getSecret: async () => undefined },
      awsDefaultRegions: ['us-east-1', 'eu-west-1'],
    });
    const account = { id: 'aws:team-sso', cloud: 'aws' as const, ref: 'team-sso', label: 'team' };
    assert.deepEqual(await provider.listRegions(account), ['eu-west-1', 'us-east-1']);
    assert.deepEqual(await provider.listRegions({ ...account, regions: ['ap-south-1'] }), [
      'ap-south-1',
    ]);
    provider.dispose();
  });

  it('signs with credentials the SDK loads from the profile', async () => {
    const provider = new AwsProvider({ credentials: { getSecret: async () => undefined } });
    const account = {
      id: 'aws:keys',
      cloud: 'aws' as const,
      ref: 'keys',
      label: 'keys',
      endpoint: sandbox.endpoints.aws,
    };
    const networks = await provider.listNetworks({ account, region: 'us-east-1' });
    assert.ok(
      networks.some((n) => n.id === AWS_VPCS.app.id),
      'the keys profile is the app account',
    );
    provider.dispose();
  });

  it('names the profile when it has no credentials', async () => {
    const provider = new AwsProvider({ credentials: { getSecret: async () => undefined } });
    const account = {
      id: 'aws:nope',
      cloud: 'aws' as const,
      ref: 'no-such-profile',
      label: 'nope',
      endpoint: sandbox.endpoints.aws,
    };
    await assert.rejects(
      provider.listNetworks({ account, region: 'us-east-1' }),
      /no credentials found for profile "no-such-profile"/,
    );
    provider.dispose();
  });
});
