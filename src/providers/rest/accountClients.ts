/**
 * One JSON client per account for the REST adapters: the stored secret is read
 * once, turned into the Authorization header, and kept with the client. A
 * client whose credentials are rejected is dropped, so the next call reads the
 * secret again (the user may have fixed it in the meantime).
 */
import { UserFacingError } from '../../model/errors';
import type { Account } from '../../model/types';
import type { ProviderEnvironment } from '../provider';
import {
  HttpError,
  JsonHttpClient,
  type ErrorBodyDecoder,
  type JsonRequest,
  type RestProviderOptions,
} from './jsonClient';

export interface RestServiceSpec {
  /** "UpCloud", for messages and log lines. */
  service: string;
  /** The real API's base, used when the account has no endpoint override. */
  defaultBaseUrl: string;
  /** Builds the Authorization header from the stored secret; throws a UserFacingError if it is unusable. */
  authorization(secret: string, account: Account): string;
  decodeError: ErrorBodyDecoder;
  /** What to do when the secret is missing or rejected. */
  credentialsFix: string;
}

export class RestAccountClients {
  private readonly clients = new Map<string, Promise<JsonHttpClient>>();

  constructor(
    private readonly env: ProviderEnvironment,
    readonly spec: RestServiceSpec,
    readonly options: RestProviderOptions = {},
  ) {}

  /** The API base this account talks to: its endpoint override or the real one. */
  baseUrl(account: Account): string {
    return restBaseUrl(this.spec, account);
  }

  /**
   * Sends one request for an account. Failures go through `explain`, which
   * turns them into messages naming the account and the fix.
   */
  async send<T>(
    account: Account,
    request: JsonRequest,
    explain: (error: unknown) => Error,
  ): Promise<T> {
    try {
      const client = await this.client(account);
      return await client.send<T>(request);
    } catch (error) {
      if (error instanceof HttpError && (error.status === 401 || error.status === 403))
        this.clients.delete(accountClientKey(account));
      throw explain(error);
    }
  }

  dispose(): void {
    this.clients.clear();
  }

  private client(account: Account): Promise<JsonHttpClient> {
    const key = accountClientKey(account);
    let client = this.clients.get(key);
    if (!client) {
      const created = this.create(account);
      client = created;
      this.clients.set(key, created);
      // A failed creation (no secret yet) must not stick.
      created.catch(() => {
        if (this.clients.get(key) === created) this.clients.delete(key);
      });
    }
    return client;
  }

  private async create(account: Account): Promise<JsonHttpClient> {
    const baseUrl = this.baseUrl(account);
    const secret = await this.env.credentials.getSecret(account.id);
    if (!secret) {
      throw new UserFacingError(
        `${this.spec.service} account "${account.label}": no credentials are stored for it.`,
        { account: account.id, fix: `Fix: ${this.spec.credentialsFix}` },
      );
    }
    return new JsonHttpClient({
      ...this.options,
      service: this.spec.service,
      baseUrl,
      authorization: this.spec.authorization(secret, account),
      decodeError: this.spec.decodeError,
    });
  }
}

/** An account's clients and loads are kept per id and endpoint: a changed endpoint gets fresh ones. */
export function accountClientKey(account: Account): string {
  return `${account.id}|${account.endpoint ?? ''}`;
}

/** Validates an endpoint override (http or https URL) and strips its trailing slashes. */
export function restBaseUrl(
  spec: Pick<RestServiceSpec, 'service' | 'defaultBaseUrl'>,
  account: Account,
): string {
  const raw = account.endpoint?.trim() || spec.defaultBaseUrl;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    url = new URL('invalid:');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UserFacingError(
      `${spec.service} account "${account.label}": the endpoint "${raw}" is not an http(s) URL.`,
      {
        account: account.id,
        field: 'endpoint',
        fix: `Fix: set the endpoint to a URL such as ${spec.defaultBaseUrl}, or remove it to use the real API.`,
      },
    );
  }
  return raw.replace(/\/+$/, '');
}
