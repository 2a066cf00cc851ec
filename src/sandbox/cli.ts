/**
 * `npm run sandbox`: the sandbox standalone, with ready-to-paste settings for
 * the CLIs. Options: --port N, --azure-port N, --world empty|demo, --seed N, --help.
 */
import { SANDBOX_CLOUD_LIST } from './registry';
import { startSandbox } from './server';
import { AWS_ACCOUNTS } from './worlds/demoTopology';
import type { WorldName } from './api';

const USAGE = `Usage: npm run sandbox -- [options]

Starts the local multi-cloud sandbox and prints its endpoints and CLI settings.

Options
  --port N         HTTP port for AWS, GCP, UpCloud, Aiven, Dragonfly and admin (default 4566; 0 picks a free port)
  --azure-port N   HTTPS port for Azure ARM (default 0: a free port)
  --world NAME     "demo" (default) or "empty"
  --seed N         seed for latency jitter and fault rates (default 1)
  --help, -h       print this text and exit
`;

/** The options that take a value; anything else that starts with "-" is refused. */
const VALUE_OPTIONS = new Set(['--port', '--azure-port', '--world', '--seed']);

function usageError(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

/**
 * Reads argv strictly: --help prints the usage and exits 0; an unknown option, a stray argument or
 * an option without its value exits 2 naming it, so a typo never starts a server with defaults.
 */
function parseArgs(argv: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (!VALUE_OPTIONS.has(name)) {
      usageError(arg.startsWith('-') ? `Unknown option ${name}` : `Unexpected argument "${arg}"`);
    }
    let value: string | undefined;
    if (name !== arg) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined || (name === arg && value.startsWith('--'))) {
      usageError(`${name} needs a value`);
    }
    values.set(name, value);
  }
  return values;
}

const args = parseArgs(process.argv.slice(2));

function argValue(name: string): string | undefined {
  return args.get(name);
}

function intArg(name: string): number | undefined {
  const v = argValue(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`${name} must be a whole number from 0 to 65535, got "${v}"`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const world = (argValue('--world') ?? 'demo') as WorldName;
  if (world !== 'demo' && world !== 'empty') {
    console.error(`--world must be "demo" or "empty", got "${world}"`);
    process.exit(2);
  }
  const sandbox = await startSandbox({
    port: intArg('--port') ?? 4566,
    azurePort: intArg('--azure-port') ?? 0,
    world,
    seed: intArg('--seed') ?? 1,
  });
  const e = sandbox.endpoints;
  const app = AWS_ACCOUNTS.app;
  console.log(`Cloud Peering sandbox (${world} world) is running.

Endpoints
${SANDBOX_CLOUD_LIST.map((c) => `  ${c.listing.name.padEnd(11)} ${e[c.cloud]}${c.listing.suffix}\n`).join('')}  Admin       ${e.admin}/   (reset, clock/advance, counters, faults)

aws CLI (paste into your shell)
  export AWS_ENDPOINT_URL_EC2=${e.aws}
  export AWS_ACCESS_KEY_ID=${app.accessKeyId}
  export AWS_SECRET_ACCESS_KEY=${app.secretAccessKey}
  export AWS_DEFAULT_REGION=us-east-1
  aws ec2 describe-vpc-peering-connections --endpoint-url "$AWS_ENDPOINT_URL_EC2"
  (aws CLI 2.13+ reads AWS_ENDPOINT_URL_EC2 by itself; older ones, such as Debian's 2.9,
   ignore it and would call the real AWS, so keep --endpoint-url there)

or as a profile in ~/.aws/config (endpoint_url needs aws CLI 2.13+)
  [profile ${app.profile}]
  region = us-east-1
  endpoint_url = ${e.aws}
  aws_access_key_id = ${app.accessKeyId}
  aws_secret_access_key = ${app.secretAccessKey}

curl
  curl ${e.dragonfly}/v1/networks -H 'Authorization: Bearer <the demo Dragonfly key>'

Azure certificate (trust it only for this endpoint):
${e.azureCaPem}
Press Ctrl+C to stop.`);
  const stop = () => {
    void sandbox.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(
    `The sandbox could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
