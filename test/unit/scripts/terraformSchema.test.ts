/**
 * Every generated Terraform file against the providers' real schemas
 * (test/fixtures/terraform-schemas, see its README), and through
 * `terraform fmt -check` where terraform is installed.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { parse } from '@cdktf/hcl2json';
import { checkHcl, everyTerraformFile, loadSchemas, type GeneratedFile } from './terraformSchema';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Hcl = Record<string, any>;

/** An absent CLI configuration file makes terraform warn on every call; fmt needs none. */
const TF_ENV = { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' };

function hasTerraform(): string | undefined {
  try {
    return execFileSync('terraform', ['version'], {
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
      env: TF_ENV,
    }).split('\n')[0];
  } catch {
    return undefined;
  }
}

describe('scripts/terraform against the providers’ schemas', function () {
  this.timeout(180_000);
  const schemas = loadSchemas();
  let files: GeneratedFile[] = [];

  before(() => {
    files = everyTerraformFile();
  });

  it('has a schema for each of the seven providers', () => {
    assert.deepEqual([...schemas.keys()].sort(), [
      'aiven',
      'aws',
      'azuread',
      'azurerm',
      'dfcloud',
      'google',
      'upcloud',
    ]);
  });

  it('every scenario, preset and account mode uses only types, arguments and blocks that exist, with the required ones', async () => {
    assert.ok(files.length > 60, `${files.length} files`);
    const problems: string[] = [];
    for (const file of files) {
      const hcl = (await parse(`${file.name}.tf`, file.text)) as Hcl;
      for (const p of checkHcl(hcl, schemas)) problems.push(`${file.name}: ${p}`);
    }
    assert.deepEqual([...new Set(problems)], []);
  });

  it('a deliberately wrong file fails: unknown type, unknown argument, unknown block, missing required', async () => {
    const wrong = `
provider "aws" {
  alias   = "x"
  regoin  = "us-east-1"
}
resource "aws_vpc_peering_conection" "a" {
  vpc_id = "vpc-1"
}
resource "aws_vpc_peering_connection" "b" {
  vpc_id      = "vpc-1"
  peer_vpc    = "vpc-2"
  requester {
    allow_dns = true
  }
}
resource "aiven_upcloud_vpc_peering_connection" "c" {
  vpc_id = "p/v"
}
resource "upcloud_network_peering" "d" {
  name = "x"
  peer_network {
    uuid = "u"
  }
  network = { uuid = "v" }
}
resource "dfcloud_connection" "e" {
  name       = "x"
  network_id = "n"
  peer = {
    account_id    = "a"
    vpc_id        = "v"
    azure_app_id  = "app"
  }
}
data "azurerm_client_configuration" "f" {}
`;
    const problems = checkHcl((await parse('wrong.tf', wrong)) as Hcl, schemas);
    const expected = [
      'provider "aws"[0]: unknown argument or block "regoin"',
      'resource "aws_vpc_peering_conection": not in the extracted aws schema',
      'resource "aws_vpc_peering_connection" "b": unknown argument or block "peer_vpc"',
      'resource "aws_vpc_peering_connection" "b": required argument "peer_vpc_id" missing',
      'resource "aws_vpc_peering_connection" "b".requester[0]: unknown argument or block "allow_dns"',
      'resource "aiven_upcloud_vpc_peering_connection": the aiven/aiven provider has no such type',
      'resource "dfcloud_connection" "e".peer: unknown argument or block "azure_app_id"',
      'data "azurerm_client_configuration": not in the extracted azurerm schema',
    ];
    for (const e of expected)
      assert.ok(
        problems.some((p) => p.startsWith(e)),
        `expected "${e}" among:\n${problems.join('\n')}`,
      );
    assert.ok(
      problems.some((p) => p.includes('upcloud_network_peering" "d".network')),
      `a block written as an attribute is reported:\n${problems.join('\n')}`,
    );
  });

  it('terraform fmt -check: every generated file is already formatted', function () {
    const version = hasTerraform();
    if (!version) {
      console.log('    terraform is not installed on this machine: fmt -check skipped');
      this.skip();
    }
    const unformatted: string[] = [];
    for (const file of files) {
      try {
        execFileSync('terraform', ['fmt', '-check', '-'], {
          input: file.text,
          stdio: ['pipe', 'pipe', 'pipe'],
          env: TF_ENV,
        });
      } catch {
        const fixed = execFileSync('terraform', ['fmt', '-'], {
          input: file.text,
          encoding: 'utf8',
          stdio: ['pipe', 'pipe', 'pipe'],
          env: TF_ENV,
        });
        const a = file.text.split('\n');
        const b = fixed.split('\n');
        const line = a.findIndex((l, i) => l !== b[i]);
        unformatted.push(
          `${file.name}: line ${line + 1}: ${JSON.stringify(a[line])} → ${JSON.stringify(b[line])}`,
        );
      }
    }
    assert.deepEqual(unformatted, []);
  });

  it('terraform validate: not run, the providers cannot be downloaded here', function () {
    console.log(
      '    terraform validate needs `terraform init` to download the seven providers from registry.terraform.io, which this machine cannot reach; the schema check above stands in for it',
    );
    this.skip();
  });
});
