import * as assert from 'node:assert/strict';
import type { Account, Network, Peering } from '../../../src/model/types';
import { AWS_PEERINGS, AWS_VPCS } from '../../../src/sandbox/worlds/demoTopology';
import {
  groupRow,
  noRowChanged,
  rootRows,
  rowChanges,
  viewDescription,
  viewMessage,
  type PlaceListing,
} from '../../../src/ui/tree/scaleRows';
import { untranslated } from '../../../src/ui/tree/rowModel';

const org = { kind: 'aws-organization', id: 'o-abc123', label: 'Example Org' } as const;
const tenant = {
  kind: 'azure-tenant',
  id: '72f988bf-0000-0000-0000-000000000000',
  label: 'Contoso',
} as const;

function account(id: string, group?: Account['group']): Account {
  return { id, cloud: id.startsWith('az') ? 'azure' : 'aws', label: id, ref: id, group };
}

describe('ui/tree/scaleRows: grouping accounts', () => {
  it('puts grouped accounts under their group (groups by label), the rest after them in order', () => {
    const rows = rootRows([
      account('loose-1'),
      account('aws-b', org),
      account('az-1', tenant),
      account('aws-a', org),
      account('loose-2'),
    ]);
    assert.deepEqual(
      rows.map((r) =>
        r.kind === 'group'
          ? `${r.rows.group.label}: ${r.rows.accounts.map((a) => a.id).join(',')}`
          : r.account.id,
      ),
      ['Contoso: az-1', 'Example Org: aws-b,aws-a', 'loose-1', 'loose-2'],
    );
  });

  it('without groups, the first level is the accounts as before', () => {
    const rows = rootRows([account('a'), account('b')]);
    assert.deepEqual(
      rows.map((r) => r.kind),
      ['account', 'account'],
    );
  });

  it('a group row names its kind, id and how many accounts', () => {
    const accounts = Array.from({ length: 500 }, (_, i) => account(`aws-${i}`, org));
    const [row] = rootRows(accounts);
    assert.equal(row.kind, 'group');
    const text = groupRow(row.kind === 'group' ? row.rows : never(), untranslated);
    assert.equal(text.label, 'Example Org');
    assert.equal(text.description, 'AWS Organization · 500 accounts');
    assert.match(text.tooltip!, /`o-abc123`/);
    assert.equal(text.contextValue, 'group group.aws-organization');
  });
});

function never(): never {
  throw new Error('unreachable');
}

const app: Network = {
  key: `a/us-east-1/${AWS_VPCS.app.id}`,
  accountKey: 'a',
  cloud: 'aws',
  id: AWS_VPCS.app.id,
  name: AWS_VPCS.app.name,
  cidrs: [...AWS_VPCS.app.cidrs],
  region: 'us-east-1',
};
const shared: Network = {
  ...app,
  key: `a/us-east-1/${AWS_VPCS.shared.id}`,
  id: AWS_VPCS.shared.id,
  name: AWS_VPCS.shared.name,
  cidrs: ['10.30.0.0/16'],
};

function peering(id: string, state: Peering['state'], rawState: string): Peering {
  return {
    key: `aws/${id}`,
    accountKey: 'a',
    cloud: 'aws',
    id,
    state,
    rawState,
    local: { cloud: 'aws', networkId: app.id },
    peer: { cloud: 'aws', networkId: shared.id },
  };
}

const lookup = () => undefined;
const listing = (networks: Network[], peerings: Peering[]): PlaceListing => ({
  networks,
  peerings,
});

describe('ui/tree/scaleRows: which rows a refresh changed', () => {
  const pending = peering(AWS_PEERINGS.pendingCrossAccount, 'pending', 'pending-acceptance');
  const active = peering(AWS_PEERINGS.activeDnsOff, 'active', 'active');

  it('the same listing (new objects, same content) changes no row', () => {
    const before = listing([app, shared], [pending, active]);
    const after = listing(
      [structuredClone(app), structuredClone(shared)],
      [structuredClone(pending), structuredClone(active)],
    );
    const changes = rowChanges(before, after, lookup);
    assert.ok(noRowChanged(changes), JSON.stringify(changes));
  });

  it('a peering that became active changes its row and the rows of its two networks, nothing else', () => {
    const before = listing([app, shared], [pending, active]);
    const accepted = { ...pending, state: 'active' as const, rawState: 'active' };
    const changes = rowChanges(before, listing([app, shared], [accepted, active]), lookup);
    assert.deepEqual(changes.membership, []);
    assert.deepEqual(changes.peeringLists, []);
    // Each network's row counts its problems: both lose one.
    assert.deepEqual(changes.networks.sort(), [app.id, shared.id].sort());
    assert.deepEqual(
      changes.peerings.map((p) => `${p.networkId}|${p.peeringId}`).sort(),
      [`${app.id}|${pending.id}`, `${shared.id}|${pending.id}`].sort(),
    );
  });

  it('a field no row shows changes nothing', () => {
    const before = listing([app], [active]);
    const after = listing([{ ...app, key: 'moved-key' }], [{ ...active, accountKey: 'other' }]);
    assert.ok(noRowChanged(rowChanges(before, after, lookup)));
  });

  it('a new network changes its group only; a new peering changes its network list', () => {
    const added = rowChanges(listing([app], []), listing([app, shared], []), lookup);
    assert.deepEqual(added.membership, ['us-east-1']);
    assert.deepEqual(added.networks, []);
    const peered = rowChanges(listing([app, shared], []), listing([app, shared], [active]), lookup);
    assert.deepEqual(peered.membership, []);
    assert.deepEqual(peered.peeringLists.sort(), [app.id, shared.id].sort());
  });

  it('a renamed network changes its row', () => {
    const changes = rowChanges(
      listing([app], []),
      listing([{ ...app, name: 'renamed' }], []),
      lookup,
    );
    assert.deepEqual(changes.networks, [app.id]);
  });
});

describe('ui/tree/scaleRows: the view description', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  it('shows the kept age and the refresh progress while they apply', () => {
    assert.equal(
      viewDescription({
        keptAt: now - 3 * 3_600_000,
        progress: { done: 1200, total: 8500, accountsListing: 0 },
        busy: true,
        now,
      }),
      'kept 3 h ago · 1,200 of 8,500 places',
    );
    assert.equal(
      viewDescription({
        keptAt: undefined,
        progress: { done: 0, total: 0, accountsListing: 700 },
        busy: true,
        now,
      }),
      'listing 700 accounts',
    );
    assert.equal(
      viewDescription({
        keptAt: undefined,
        progress: { done: 5, total: 5, accountsListing: 0 },
        busy: false,
        now,
      }),
      '',
    );
  });
  it('says the kept age above the rows while kept rows show, and nothing once refreshed', () => {
    const kept = now - 90_000;
    const progress = { done: 3, total: 34, accountsListing: 0 };
    const age = viewDescription({ keptAt: kept, progress, busy: false, now });
    assert.match(age, /^kept .+ ago$/);
    assert.equal(
      viewMessage({ keptAt: kept, progress, busy: true, now }),
      `Showing the inventory ${age} while it refreshes (3 of 34 places).`,
    );
    assert.equal(
      viewMessage({ keptAt: kept, progress, busy: false, now }),
      `Showing the inventory ${age}.`,
    );
    assert.equal(viewMessage({ keptAt: undefined, progress, busy: true, now }), undefined);
  });
});
