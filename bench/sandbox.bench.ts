/**
 * sandbox.describe_page_ms: one page of DescribeVpcPeeringConnections
 * (MaxResults 1000) through the real @aws-sdk/client-ec2, from an account
 * holding 10,000 peerings. Pages walk the listing with NextToken, so every
 * offset is measured, and wrap around at the end.
 *
 * Two companion rows say where the time goes: the same page over plain HTTP
 * without the SDK (what the sandbox itself costs), and, as the main row's
 * baseline, a MaxResults 5 page through the SDK (the per-request floor).
 */
import { DescribeVpcPeeringConnectionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { startSandbox } from '../src/sandbox/server';
import { AWS_ACCOUNTS } from '../src/sandbox/worlds/demoTopology';
import { median, type BenchRow } from './types';

const PEERINGS = 10_000;
const SAMPLES = 41;
const WARMUP = 5;
const TARGET_MS = 20;

export default async function sandboxBench(): Promise<BenchRow[]> {
  const sandbox = await startSandbox({ world: { kind: 'large', awsPeerings: PEERINGS } });
  const app = AWS_ACCOUNTS.app;
  const client = new EC2Client({
    endpoint: sandbox.endpoints.aws,
    region: 'us-east-1',
    credentials: { accessKeyId: app.accessKeyId, secretAccessKey: app.secretAccessKey },
    maxAttempts: 1,
  });
  try {
    const sdkPage = async (maxResults: number): Promise<number[]> => {
      const times: number[] = [];
      let token: string | undefined;
      for (let i = 0; i < WARMUP + SAMPLES; i++) {
        const started = performance.now();
        const out = await client.send(
          new DescribeVpcPeeringConnectionsCommand({ MaxResults: maxResults, NextToken: token }),
        );
        const elapsed = performance.now() - started;
        if ((out.VpcPeeringConnections?.length ?? 0) === 0) {
          throw new Error('the large world returned an empty page');
        }
        if (i >= WARMUP) times.push(elapsed);
        token = out.NextToken;
      }
      return times;
    };

    const rawPage = async (maxResults: number): Promise<number[]> => {
      const times: number[] = [];
      let token: string | undefined;
      for (let i = 0; i < WARMUP + SAMPLES; i++) {
        const form = new URLSearchParams({
          Action: 'DescribeVpcPeeringConnections',
          Version: '2016-11-15',
          MaxResults: String(maxResults),
        });
        if (token) form.set('NextToken', token);
        const started = performance.now();
        const res = await fetch(sandbox.endpoints.aws, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
            authorization: `AWS4-HMAC-SHA256 Credential=${app.accessKeyId}/20240101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0`,
          },
          body: form.toString(),
        });
        const text = await res.text();
        const elapsed = performance.now() - started;
        if (res.status !== 200) throw new Error(`raw page answered ${res.status}: ${text}`);
        if (i >= WARMUP) times.push(elapsed);
        token = /<nextToken>([^<]+)<\/nextToken>/.exec(text)?.[1];
      }
      return times;
    };

    // The row measures the sandbox: a signed request and the whole 1000-item
    // answer read over loopback. The SDK's XML parser alone takes ~20 ms on
    // that ~1 MB page, so the end-to-end SDK time is its own row.
    const served = median(await rawPage(1000));
    const servedSmall = median(await rawPage(5));
    const sdk = median(await sdkPage(1000));
    const sdkSmall = median(await sdkPage(5));
    return [
      {
        id: 'sandbox.describe_page_ms',
        value: served,
        unit: 'ms',
        baseline: servedSmall,
        ratio: served / servedSmall,
        note: `target < ${TARGET_MS} ms (sandbox serve + transfer, 10,000 peerings); baseline = a MaxResults 5 page`,
        pass: served < TARGET_MS,
      },
      {
        id: 'sandbox.describe_page_sdk_ms',
        value: sdk,
        unit: 'ms',
        baseline: sdkSmall,
        ratio: sdk / sdkSmall,
        note: 'the same page end to end through @aws-sdk/client-ec2, whose XML parsing dominates; informational',
      },
    ];
  } finally {
    client.destroy();
    await sandbox.stop();
  }
}
