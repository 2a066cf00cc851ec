/**
 * Shared by the test/unit/sandbox/aws*.test.ts files: real EC2 clients for the
 * demo accounts, pointed at a running sandbox, and a way to read the SDK's
 * error the way a caller would.
 */
import * as assert from 'node:assert/strict';
import { EC2Client, type EC2ClientConfig } from '@aws-sdk/client-ec2';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { AWS_ACCOUNTS } from '../../../src/sandbox/worlds/demoTopology';

export type DemoAccount = keyof typeof AWS_ACCOUNTS;

/** An EC2 client signed with a demo account's keys; one attempt so errors surface as they are. */
export function ec2For(
  sandbox: Pick<RunningSandbox, 'endpoints'>,
  account: DemoAccount,
  region = 'us-east-1',
  extra: Partial<EC2ClientConfig> = {},
): EC2Client {
  const keys = AWS_ACCOUNTS[account];
  return new EC2Client({
    endpoint: sandbox.endpoints.aws,
    region,
    credentials: { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey },
    maxAttempts: 1,
    ...extra,
  });
}

export interface Ec2Failure {
  name: string;
  message: string;
  status: number | undefined;
}

/** Awaits a call that must fail and returns the SDK's error name (the EC2 code), message and HTTP status. */
export async function ec2Failure(call: Promise<unknown>): Promise<Ec2Failure> {
  try {
    await call;
  } catch (error) {
    const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name ?? '', message: e.message ?? '', status: e.$metadata?.httpStatusCode };
  }
  assert.fail('the call succeeded, but an EC2 error was expected');
}

/** Asserts an EC2 error code and HTTP status, and returns the message for further checks. */
export async function expectEc2Error(
  call: Promise<unknown>,
  code: string,
  status = 400,
): Promise<string> {
  const failure = await ec2Failure(call);
  assert.equal(failure.name, code, `expected ${code}, got ${failure.name}: ${failure.message}`);
  assert.equal(failure.status, status, `HTTP status of ${code}`);
  return failure.message;
}

/** A SigV4-shaped Authorization header for raw requests (the sandbox reads only the credential scope). */
export function authorizationFor(account: DemoAccount, region = 'us-east-1'): string {
  const key = AWS_ACCOUNTS[account].accessKeyId;
  return `AWS4-HMAC-SHA256 Credential=${key}/20240101/${region}/ec2/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000`;
}

/** The sandbox's raw EC2 answer (XML) to a form body, as the given account; asserts HTTP 200. */
export async function rawEc2(
  sandbox: RunningSandbox,
  account: DemoAccount,
  form: Record<string, string>,
): Promise<string> {
  const res = await fetch(sandbox.endpoints.aws, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      authorization: authorizationFor(account),
    },
    body: new URLSearchParams({ Version: '2016-11-15', ...form }).toString(),
  });
  const text = await res.text();
  assert.equal(res.status, 200, text);
  return text;
}

export const DAY_MS = 24 * 60 * 60 * 1000;
export const HOUR_MS = 60 * 60 * 1000;
