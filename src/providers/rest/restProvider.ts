/**
 * What the REST adapters (UpCloud, Aiven, Dragonfly Cloud) share as cloud
 * providers: one JSON client per account, every failure explained by the
 * adapter's own `explain`, one place per account (each API lists every region
 * in one call), lookups where a 404 means "no such thing", and list loads
 * shared while in flight.
 */
import { UserFacingError } from '../../model/errors';
import type { Account } from '../../model/types';
import type { FirewallGroup, Place, ProviderEnvironment, RouteTable } from '../provider';
import { accountClientKey, RestAccountClients, type RestServiceSpec } from './accountClients';
import { HttpError, type JsonRequest, type RestProviderOptions } from './jsonClient';

export abstract class RestCloudProvider {
  protected readonly clients: RestAccountClients;

  constructor(
    env: ProviderEnvironment,
    spec: RestServiceSpec,
    options: RestProviderOptions,
    /** Turns a failure into a message naming the account and the fix, the adapter's own codes first. */
    private readonly explain: (account: Account, error: unknown) => Error,
  ) {
    this.clients = new RestAccountClients(env, spec, options);
  }

  /** One call lists the account's networks in every region, each carrying its own: one place. */
  async listRegions(): Promise<(string | undefined)[]> {
    return [undefined];
  }

  /**
   * None of these clouds shows peering routes to the user: UpCloud's routers
   * exchange them on their own once a peering is active, and Aiven and
   * Dragonfly manage the routes of their VPCs themselves (the customer's side
   * is listed by that cloud's adapter).
   */
  async listRouteTables(): Promise<RouteTable[]> {
    return [];
  }

  /**
   * Nor a firewall on peered traffic: UpCloud's server firewall does not apply
   * to private SDN networks (https://aiven.io/docs/platform/howto/vpc-peering-upcloud, Limitations);
   * Aiven and Dragonfly control access per
   * service or data store, in its own settings.
   */
  async listFirewalls(): Promise<FirewallGroup[]> {
    return [];
  }

  dispose(): void {
    this.clients.dispose();
  }

  protected send<T>(place: Place, request: JsonRequest): Promise<T> {
    return this.clients.send<T>(place.account, request, (error) =>
      this.explain(place.account, error),
    );
  }

  /**
   * Sends a lookup that resolves undefined when the provider answers 404 and
   * `isAbsence` agrees the 404 is about the resource asked for (by default it does).
   */
  protected async sendUnlessAbsent<T>(
    place: Place,
    request: JsonRequest,
    isAbsence: (error: HttpError) => boolean = () => true,
  ): Promise<T | undefined> {
    try {
      return await this.send<T>(place, request);
    } catch (error) {
      const cause = error instanceof UserFacingError ? error.options.cause : error;
      if (cause instanceof HttpError && cause.status === 404 && isAbsence(cause)) return undefined;
      throw error;
    }
  }
}

/**
 * One load per account at a time: callers that ask while it is in flight share
 * it (networks and peerings come from the same calls), and it is forgotten once
 * settled, so the next refresh loads afresh.
 */
export class InFlightLoads<T> {
  private readonly pending = new Map<string, Promise<T>>();

  share(account: Account, load: () => Promise<T>): Promise<T> {
    const key = accountClientKey(account);
    let pending = this.pending.get(key);
    if (!pending) {
      pending = load();
      const settled = pending.finally(() => this.pending.delete(key));
      settled.catch(() => undefined);
      this.pending.set(key, pending);
    }
    return pending;
  }

  clear(): void {
    this.pending.clear();
  }
}
