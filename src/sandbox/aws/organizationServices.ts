import { createHash, randomUUID } from 'node:crypto';
import { bodyJson, json, xml, xmlEscape, type SandboxRequest, type SandboxResponse } from '../http';
import type { CloudService, SandboxContext } from '../service';
import { AwsApiError } from './errors';
import { awsService } from './service';
import {
  CONFIG_ITEM_FIELDS,
  configItems,
  isOrganizationMember,
  type AwsOrganization,
  type ConfigItem,
  type ConfigItemField,
} from './organization';
import { credentialScope, requestParams } from './query';
import type { AwsAccount, AwsState } from './state';

/**
 * AWS Organizations, STS and AWS Config, as far as adding an organization and
 * reading its inventory needs them, on the sandbox's root path like EC2:
 *
 * - Organizations (awsJson1_1, `X-Amz-Target: AWSOrganizationsV20161128.<Op>`):
 *   DescribeOrganization, ListAccounts (MaxResults 1–20, NextToken). API reference:
 *   https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccounts.html
 * - STS (query protocol, XML): AssumeRole into a member account's
 *   OrganizationAccountAccessRole from the management account, GetCallerIdentity.
 *   https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 * - Config (awsJson1_1, `X-Amz-Target: StarlingDoveService.<Op>`):
 *   DescribeConfigurationAggregators and SelectAggregateResourceConfig, whose
 *   Results are configuration items as JSON strings holding the selected
 *   fields (Limit/MaxResults 0–100, default page 25 for a non-aggregation query):
 *   https://docs.aws.amazon.com/config/latest/APIReference/API_SelectAggregateResourceConfig.html
 *   The query language is the subset the provider uses: `SELECT <fields> WHERE
 *   <field> = '<v>' | <field> IN ('<v>', …)` joined by AND, over resourceType,
 *   awsRegion, accountId and resourceId
 *   (https://docs.aws.amazon.com/config/latest/developerguide/query-components.html).
 *
 * Callers are told apart by the access key in the SigV4 credential scope, as for EC2.
 */

const ORGANIZATIONS_TARGET = 'AWSOrganizationsV20161128.';
const CONFIG_TARGET = 'StarlingDoveService.';
const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';
const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

function target(req: SandboxRequest): string {
  const header = req.headers['x-amz-target'];
  return typeof header === 'string' ? header : '';
}

function jsonAnswer(value: unknown): SandboxResponse {
  return json(200, value, { 'content-type': JSON_CONTENT_TYPE });
}

/** An awsJson1_1 error: the code in `__type` and `x-amzn-errortype`, as the SDKs read it. */
function jsonError(status: number, code: string, message: string): SandboxResponse {
  return json(
    status,
    { __type: code, message },
    { 'content-type': JSON_CONTENT_TYPE, 'x-amzn-errortype': code },
  );
}

/** The calling account, from the access key of the request's SigV4 credential scope. */
function caller(req: SandboxRequest, aws: AwsState): AwsAccount {
  const scope = credentialScope(req);
  if (!scope) {
    throw new AwsApiError(
      'MissingAuthenticationTokenException',
      'Missing Authentication Token: sign the request with AWS Signature Version 4.',
      403,
    );
  }
  const account = aws.accountsByAccessKey.get(scope.accessKeyId);
  if (!account) {
    throw new AwsApiError(
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
      400,
    );
  }
  return account;
}

function jsonBody(req: SandboxRequest): Record<string, unknown> {
  const body = bodyJson(req);
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new AwsApiError('SerializationException', 'The request body must be a JSON object.');
  return body as Record<string, unknown>;
}

function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new AwsApiError('SerializationException', `${name} must be a string.`);
  return value;
}

function optionalInt(body: Record<string, unknown>, name: string): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw new AwsApiError('SerializationException', `${name} must be an integer.`);
  return value;
}

/** An opaque page token bound to what it pages (an expression, a caller), so it cannot be reused elsewhere. */
function pageToken(binding: string, offset: number): string {
  const tag = createHash('sha256').update(binding).digest('hex').slice(0, 12);
  return Buffer.from(`${tag}:${offset}`).toString('base64url');
}

function pageOffset(binding: string, token: string | undefined, code: string): number {
  if (token === undefined) return 0;
  const [tag, offset] = Buffer.from(token, 'base64url').toString('utf8').split(':');
  const expected = createHash('sha256').update(binding).digest('hex').slice(0, 12);
  if (tag !== expected || !/^\d+$/.test(offset ?? ''))
    throw new AwsApiError(code, 'The nextToken provided is invalid.');
  return Number(offset);
}

function organizationOf(aws: AwsState, account: AwsAccount): AwsOrganization {
  const org = aws.organization;
  if (!org || !isOrganizationMember(org, account.accountId)) {
    throw new AwsApiError(
      'AWSOrganizationsNotInUseException',
      'Your account is not a member of an organization.',
    );
  }
  return org;
}

// ---- Organizations -------------------------------------------------------------

function organizationsCall(req: SandboxRequest, ctx: SandboxContext): SandboxResponse {
  const aws = ctx.world.aws;
  const operation = target(req).slice(ORGANIZATIONS_TARGET.length);
  const account = caller(req, aws);
  const org = organizationOf(aws, account);
  // Only the management account (or a delegated administrator, which the sandbox has none of)
  // may read the organization's accounts.
  if (account.accountId !== org.managementAccountId) {
    throw new AwsApiError(
      'AccessDeniedException',
      "You don't have permissions to access this resource.",
    );
  }
  const body = jsonBody(req);
  const arn = (id: string) =>
    `arn:aws:organizations::${org.managementAccountId}:account/${org.id}/${id}`;
  switch (operation) {
    case 'DescribeOrganization':
      return jsonAnswer({
        Organization: {
          Id: org.id,
          Arn: `arn:aws:organizations::${org.managementAccountId}:organization/${org.id}`,
          FeatureSet: 'ALL',
          MasterAccountArn: arn(org.managementAccountId),
          MasterAccountId: org.managementAccountId,
          MasterAccountEmail: org.accounts[0]?.email,
        },
      });
    case 'ListAccounts': {
      const max = optionalInt(body, 'MaxResults') ?? 20;
      if (max < 1 || max > 20) {
        throw new AwsApiError(
          'InvalidInputException',
          'You provided a value that does not match the required pattern: MaxResults must be 1 to 20.',
        );
      }
      const binding = `ListAccounts|${account.accountId}`;
      const offset = pageOffset(
        binding,
        optionalString(body, 'NextToken'),
        'InvalidInputException',
      );
      const page = org.accounts.slice(offset, offset + max);
      const next =
        offset + max < org.accounts.length ? pageToken(binding, offset + max) : undefined;
      return jsonAnswer({
        Accounts: page.map((a) => ({
          Id: a.accountId,
          Arn: arn(a.accountId),
          Email: a.email,
          Name: a.name,
          Status: 'ACTIVE',
          State: 'ACTIVE',
          JoinedMethod: a.joinedMethod,
          // awsJson timestamps are epoch seconds.
          JoinedTimestamp: Math.floor(a.joinedAt / 1000),
        })),
        ...(next ? { NextToken: next } : {}),
      });
    }
    default:
      throw new AwsApiError(
        'UnknownOperationException',
        `The sandbox does not serve Organizations ${operation}.`,
      );
  }
}

const organizationsService: CloudService = {
  cloud: 'aws',
  claims: (req) =>
    req.listener === 'http' && req.path === '/' && target(req).startsWith(ORGANIZATIONS_TARGET),
  operation: (req) => target(req).slice(ORGANIZATIONS_TARGET.length) || 'unknown',
  region: (req) => credentialScope(req)?.region,
  handle(req, ctx) {
    try {
      return organizationsCall(req, ctx);
    } catch (error) {
      if (error instanceof AwsApiError) return jsonError(error.status, error.code, error.message);
      throw error;
    }
  },
  throttled: () => jsonError(400, 'TooManyRequestsException', 'You have sent too many requests.'),
  serverError: () =>
    jsonError(500, 'ServiceException', 'AWS Organizations can\u2019t complete your request now.'),
};

// ---- STS -------------------------------------------------------------------------

function stsResponse(action: string, result: string): SandboxResponse {
  return xml(
    200,
    `<${action}Response xmlns="${STS_NAMESPACE}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`,
  );
}

function stsError(status: number, code: string, message: string): SandboxResponse {
  return xml(
    status,
    `<ErrorResponse xmlns="${STS_NAMESPACE}"><Error><Type>Sender</Type><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  );
}

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

function stsCall(req: SandboxRequest, ctx: SandboxContext): SandboxResponse {
  const aws = ctx.world.aws;
  const params = requestParams(req);
  const action = params.get('Action');
  const account = caller(req, aws);
  if (action === 'GetCallerIdentity') {
    return stsResponse(
      'GetCallerIdentity',
      `<Arn>arn:aws:iam::${account.accountId}:user/sandbox</Arn><UserId>AIDASANDBOX${account.accountId}</UserId><Account>${account.accountId}</Account>`,
    );
  }
  if (action !== 'AssumeRole')
    throw new AwsApiError('InvalidAction', `The sandbox does not serve STS ${action ?? ''}.`);
  const roleArn = params.required('RoleArn');
  const sessionName = params.required('RoleSessionName');
  const role = ROLE_ARN.exec(roleArn);
  if (!role)
    throw new AwsApiError(
      'ValidationError',
      `${roleArn} is invalid: RoleArn must be an IAM role ARN.`,
    );
  if (!SESSION_NAME.test(sessionName)) {
    throw new AwsApiError(
      'ValidationError',
      "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    );
  }
  const duration = params.int('DurationSeconds') ?? 3600;
  if (duration < 900 || duration > 43_200) {
    throw new AwsApiError(
      'ValidationError',
      "1 validation error detected: Value at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200",
    );
  }
  const [, targetAccount, roleName] = role;
  const org = aws.organization;
  // The role AWS Organizations creates trusts the management account; it exists only in
  // member accounts the organization created, not in the management account itself.
  const allowed =
    org !== undefined &&
    account.accountId === org.managementAccountId &&
    targetAccount !== org.managementAccountId &&
    isOrganizationMember(org, targetAccount) &&
    roleName === org.accessRoleName;
  if (!allowed) {
    throw new AwsApiError(
      'AccessDenied',
      `User: arn:aws:iam::${account.accountId}:user/sandbox is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      403,
    );
  }
  org.sessions++;
  const serial = String(org.sessions).padStart(12, '0');
  const session: AwsAccount = {
    accountId: targetAccount,
    accessKeyId: `ASIASANDBOX${serial.slice(-9)}`,
    secretAccessKey: `sandbox-session-secret-${serial}`,
  };
  aws.accountsByAccessKey.set(session.accessKeyId, session);
  const expiration = new Date(ctx.clock.now() + duration * 1000).toISOString();
  return stsResponse(
    'AssumeRole',
    `<Credentials><AccessKeyId>${session.accessKeyId}</AccessKeyId><SecretAccessKey>${session.secretAccessKey}</SecretAccessKey><SessionToken>sandbox-session-token-${serial}</SessionToken><Expiration>${expiration}</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROASANDBOX${targetAccount}:${xmlEscape(sessionName)}</AssumedRoleId><Arn>arn:aws:sts::${targetAccount}:assumed-role/${xmlEscape(roleName)}/${xmlEscape(sessionName)}</Arn></AssumedRoleUser>`,
  );
}

const stsService: CloudService = {
  cloud: 'aws',
  claims: (req) =>
    req.listener === 'http' && req.path === '/' && credentialScope(req)?.service === 'sts',
  operation: (req) => requestParams(req).get('Action') || 'unknown',
  region: (req) => credentialScope(req)?.region,
  handle(req, ctx) {
    try {
      return stsCall(req, ctx);
    } catch (error) {
      if (error instanceof AwsApiError) return stsError(error.status, error.code, error.message);
      throw error;
    }
  },
  throttled: () => stsError(400, 'Throttling', 'Rate exceeded'),
  serverError: () => stsError(500, 'InternalFailure', 'The sandbox injected an internal failure.'),
};

// ---- Config ----------------------------------------------------------------------

/** Per organization (so a world reset forgets them): result sets of query chains in progress, by the NextToken that continues each. */
const resultSetsByOrganization = new WeakMap<AwsOrganization, Map<string, ConfigItem[]>>();
const MAX_RESULT_SETS = 64;

const CONDITION_FIELDS = new Set(['resourceType', 'awsRegion', 'accountId', 'resourceId']);

interface ParsedQuery {
  fields: ConfigItemField[];
  conditions: { field: string; values: Set<string> }[];
}

function invalidExpression(detail: string): AwsApiError {
  return new AwsApiError('InvalidExpressionException', `Invalid expression: ${detail}`);
}

/** `SELECT a, b WHERE f = 'x' AND g IN ('y', 'z')`: the subset of Config's query language used here. */
function parseQuery(expression: string): ParsedQuery {
  const m = /^\s*SELECT\s+(.+?)\s+WHERE\s+(.+?)\s*$/is.exec(expression);
  if (!m) throw invalidExpression('expected SELECT <fields> WHERE <conditions>.');
  const fields = m[1].split(',').map((f) => f.trim());
  for (const f of fields) {
    if (!(CONFIG_ITEM_FIELDS as readonly string[]).includes(f))
      throw invalidExpression(`unknown field ${f}.`);
  }
  const conditions = m[2].split(/\s+AND\s+/i).map((c) => {
    const eq = /^(\w+)\s*=\s*'([^']*)'$/.exec(c.trim());
    const inList = /^(\w+)\s+IN\s*\(\s*('[^']*'(?:\s*,\s*'[^']*')*)\s*\)$/i.exec(c.trim());
    const field = eq?.[1] ?? inList?.[1];
    if (!field || !CONDITION_FIELDS.has(field)) throw invalidExpression(`cannot read ${c.trim()}.`);
    const values = eq ? [eq[2]] : (inList?.[2].match(/'[^']*'/g) ?? []).map((v) => v.slice(1, -1));
    return { field, values: new Set(values) };
  });
  return { fields: fields as ConfigItemField[], conditions };
}

function matches(item: ConfigItem, query: ParsedQuery): boolean {
  return query.conditions.every((c) => c.values.has(String(item[c.field as ConfigItemField])));
}

/**
 * The aggregator the caller can use: the management account's, in its region, unless the
 * `aws-config` engine is switched off (`PUT /_admin/engines {"aws-config": false}`): then it is
 * as if none existed, and the provider falls back.
 */
function aggregatorFor(
  ctx: SandboxContext,
  account: AwsAccount,
  region: string | undefined,
): AwsOrganization | undefined {
  const org = ctx.world.aws.organization;
  if (!org || ctx.enginesOff.has('aws-config')) return undefined;
  if (account.accountId !== org.managementAccountId || region !== org.aggregator.region)
    return undefined;
  return org;
}

function configCall(req: SandboxRequest, ctx: SandboxContext): SandboxResponse {
  const aws = ctx.world.aws;
  const operation = target(req).slice(CONFIG_TARGET.length);
  const account = caller(req, aws);
  const region = credentialScope(req)?.region;
  const body = jsonBody(req);
  const org = aggregatorFor(ctx, account, region);
  switch (operation) {
    case 'DescribeConfigurationAggregators': {
      if (!org) return jsonAnswer({ ConfigurationAggregators: [] });
      const a = org.aggregator;
      return jsonAnswer({
        ConfigurationAggregators: [
          {
            ConfigurationAggregatorName: a.name,
            ConfigurationAggregatorArn: `arn:aws:config:${a.region}:${org.managementAccountId}:config-aggregator/config-aggregator-sandbox1`,
            OrganizationAggregationSource: {
              RoleArn: `arn:aws:iam::${org.managementAccountId}:role/service-role/AWSConfigRoleForOrganizations`,
              AllAwsRegions: true,
            },
            CreationTime: a.createdAt / 1000,
            LastUpdatedTime: a.createdAt / 1000,
          },
        ],
      });
    }
    case 'SelectAggregateResourceConfig': {
      const name = optionalString(body, 'ConfigurationAggregatorName');
      const expression = optionalString(body, 'Expression');
      if (!name || !expression) {
        throw new AwsApiError(
          'ValidationException',
          'ConfigurationAggregatorName and Expression are required.',
        );
      }
      if (expression.length > 4096)
        throw new AwsApiError('ValidationException', 'Expression must be at most 4096 characters.');
      if (!org || org.aggregator.name !== name) {
        throw new AwsApiError(
          'NoSuchConfigurationAggregatorException',
          'The configuration aggregator does not exist. Check the configuration aggregator name and try again.',
        );
      }
      const limit = optionalInt(body, 'Limit') ?? optionalInt(body, 'MaxResults') ?? 0;
      if (limit < 0 || limit > 100) {
        throw new AwsApiError(
          'InvalidLimitException',
          'The Limit or MaxResults must be from 0 to 100.',
        );
      }
      const pageSize = limit || 25;
      const query = parseQuery(expression);
      const binding = `${name}|${expression}`;
      const offset = pageOffset(
        binding,
        optionalString(body, 'NextToken'),
        'InvalidNextTokenException',
      );
      const scopeWanted = (accountId: string, awsRegion: string) =>
        query.conditions.every(
          (c) =>
            (c.field !== 'accountId' || c.values.has(accountId)) &&
            (c.field !== 'awsRegion' || c.values.has(awsRegion)),
        );
      const token = optionalString(body, 'NextToken');
      let resultSets = resultSetsByOrganization.get(org);
      if (!resultSets) resultSetsByOrganization.set(org, (resultSets = new Map()));
      // A NextToken continues the result set its first page found (as one query's pages do),
      // which also spares rebuilding thousands of items per page.
      const found =
        (token !== undefined ? resultSets.get(token) : undefined) ??
        configItems(aws, org, ctx.clock.now(), scopeWanted).filter((item) => matches(item, query));
      const page = found.slice(offset, offset + pageSize);
      const next =
        offset + pageSize < found.length ? pageToken(binding, offset + pageSize) : undefined;
      if (token !== undefined) resultSets.delete(token);
      if (next) {
        resultSets.set(next, found);
        // Keep the newest chains only; an evicted one is rebuilt from the world.
        for (const key of resultSets.keys()) {
          if (resultSets.size <= MAX_RESULT_SETS) break;
          resultSets.delete(key);
        }
      }
      return jsonAnswer({
        Results: page.map((item) =>
          JSON.stringify(Object.fromEntries(query.fields.map((f) => [f, item[f]]))),
        ),
        QueryInfo: { SelectFields: query.fields.map((f) => ({ Name: f })) },
        ...(next ? { NextToken: next } : {}),
      });
    }
    default:
      throw new AwsApiError(
        'UnknownOperationException',
        `The sandbox does not serve Config ${operation}.`,
      );
  }
}

const awsConfigService: CloudService = {
  cloud: 'aws',
  claims: (req) =>
    req.listener === 'http' && req.path === '/' && target(req).startsWith(CONFIG_TARGET),
  operation: (req) => target(req).slice(CONFIG_TARGET.length) || 'unknown',
  region: (req) => credentialScope(req)?.region,
  handle(req, ctx) {
    try {
      return configCall(req, ctx);
    } catch (error) {
      if (error instanceof AwsApiError) return jsonError(error.status, error.code, error.message);
      throw error;
    }
  },
  throttled: () => jsonError(400, 'ThrottlingException', 'Rate exceeded'),
  serverError: () => jsonError(500, 'InternalFailure', 'The sandbox injected an internal failure.'),
};

// ---- One entry for the registry ------------------------------------------------

const AWS_SERVICES: readonly CloudService[] = [
  organizationsService,
  stsService,
  awsConfigService,
  awsService,
];

function serviceFor(req: SandboxRequest): CloudService {
  return AWS_SERVICES.find((s) => s.claims(req)) ?? awsService;
}

/**
 * Every AWS API the sandbox serves on its root path, as the registry's one AWS service: each
 * request goes to the API that claims it (by `X-Amz-Target` or the SigV4 scope's service),
 * which also answers its own throttling and server errors.
 */
export const awsApis: CloudService = {
  cloud: 'aws',
  claims: (req) => AWS_SERVICES.some((s) => s.claims(req)),
  operation: (req) => serviceFor(req).operation(req),
  region: (req) => serviceFor(req).region(req),
  handle: (req, ctx) => serviceFor(req).handle(req, ctx),
  throttled: (req, retryAfterSeconds) => serviceFor(req).throttled(req, retryAfterSeconds),
  serverError: (req) => serviceFor(req).serverError(req),
};
