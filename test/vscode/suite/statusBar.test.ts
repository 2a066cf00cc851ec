import * as assert from 'node:assert/strict';
import type { CloudPeeringApi } from '../../../src/extension';
import type { PeeringState } from '../../../src/model/types';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { AWS_PEERINGS, AWS_VPCS, DRAGONFLY } from '../../../src/sandbox/worlds/demoTopology';
import {
  DEMO_LABELS,
  callCount,
  child,
  extensionApi,
  freshSandbox,
  sleep,
  waitFor,
  walk,
} from './sandboxWorld';

const DAY = 24 * 60 * 60 * 1000;

const RANK: PeeringState[] = ['failed', 'disconnected', 'pending', 'provisioning', 'inactive'];

/**
 * The counts the status bar should show, computed here from the states the
 * tree lists. A Dragonfly connection and the AWS peering it made (its pcx id)
 * are one link, counted once in its less healthy state.
 */
function expectedText(api: CloudPeeringApi): string {
  const links = new Map<string, PeeringState[]>();
  const seen = new Set<string>();
  for (const { peering: p } of api.inventory.peerings()) {
    if (seen.has(p.key)) continue;
    seen.add(p.key);
    const pcx = p.cloud === 'dragonfly' ? p.options?.peerConnectionId : undefined;
    const link = typeof pcx === 'string' && pcx ? `aws/${pcx}` : p.key;
    links.set(link, [...(links.get(link) ?? []), p.state]);
  }
  const states = [...links.values()].map(
    (list) => RANK.find((r) => list.includes(r)) ?? (list.includes('active') ? 'active' : list[0]),
  );
  const count = (...wanted: PeeringState[]) => states.filter((s) => wanted.includes(s)).length;
  return `$(plug) ${count('active')} active · ${count('pending', 'provisioning', 'inactive')} pending · ${count('failed', 'disconnected')} down`;
}

function counts(text: string): { active: number; pending: number; down: number } {
  const m = /^\$\(plug\) (\d+) active · (\d+) pending · (\d+) down$/.exec(text);
  assert.ok(m, `status bar text "${text}"`);
  return { active: Number(m[1]), pending: Number(m[2]), down: Number(m[3]) };
}

describe('Status bar through transitions on the sandbox', function () {
  this.timeout(90_000);
  let api: CloudPeeringApi;
  let sandbox: RunningSandbox;

  before(async () => {
    api = await extensionApi();
    sandbox = await freshSandbox(api);
  });

  after(async () => {
    await freshSandbox(api);
  });

  it('shows active, pending and down over every peering, with the error background', async () => {
    const text = await waitFor('the counts', () => {
      const t = api.status.text();
      return t === expectedText(api) ? t : undefined;
    });
    const c = counts(text);
    assert.ok(c.active >= 5 && c.pending >= 4 && c.down >= 2, text);
    assert.equal(api.status.background(), 'statusBarItem.errorBackground');
    // A screen reader hears plain words, not the icon name and the dots.
    const label = api.status.accessibilityLabel() ?? '';
    assert.equal(
      label.split('.')[0],
      `Cloud Peering: ${c.active} peerings active, ${c.pending} pending, ${c.down} down`,
    );
    assert.match(label, /need your attention; press to list them\.$/);
    assert.doesNotMatch(label, /\$\(|·/);
  });

  it('lists what needs action in its tooltip, with links that reveal each one', () => {
    const md = api.status.tooltip();
    assert.match(md, /Needs action:/);
    assert.match(md, new RegExp(`${AWS_VPCS.app.name} ↔ ${AWS_VPCS.legacy.name}`));
    assert.match(md, /command:peering\.revealPeering\?/);
    assert.match(md, /failed/);
  });

  it('follows an accepted request to active, notifies, then stops polling', async () => {
    const before = counts(api.status.text());
    const vpc = await walk(api, DEMO_LABELS.awsApp, 'us-east-1', AWS_VPCS.app.name);
    const row = await child(api, vpc, AWS_VPCS.data.name);
    const notified = api.status.notifications.length;
    const outcome = await api.peeringCommands.accept(row);
    assert.equal(outcome.status, 'done');
    // The request is provisioning for a moment; the watcher polls it until it is active.
    const message = await waitFor('the notification', () =>
      api.status.notifications.slice(notified).find((m) => m.includes('is active')),
    );
    assert.equal(message, `Peering ${AWS_VPCS.app.name} ↔ ${AWS_VPCS.data.name} is active.`);
    await waitFor('the new counts', () => {
      const now = counts(api.status.text());
      return now.active === before.active + 1 && now.pending === before.pending - 1;
    });
    assert.deepEqual(api.watcher.pollingKeys(), []);

    // Nothing is in transition now: no call reaches the sandbox while we wait.
    sandbox.admin.resetCounters();
    await sleep(4000);
    assert.equal(callCount(sandbox, ''), 0, JSON.stringify(sandbox.admin.counters()));
  });

  it('counts a request that expires as down and says so', async () => {
    const before = counts(api.status.text());
    const notified = api.status.notifications.length;
    sandbox.admin.advanceClock(8 * DAY);
    await api.peeringCommands.refresh();
    const expired = await waitFor('the expiry notice', () =>
      api.status.notifications.slice(notified).find((m) => m.includes('expired')),
    );
    assert.match(expired, new RegExp(`${DRAGONFLY.network.name}|${AWS_VPCS.app.name}`));
    // The Dragonfly link (its connection and its AWS request count once) moves from pending to
    // down. Eight days on, the demo's failed request has dropped out of the listings (AWS keeps a
    // failed peering visible for 2 hours), so the down count is back where it was.
    await waitFor('the expired link counted as down instead of pending', () => {
      const now = counts(api.status.text());
      return now.pending === before.pending - 1 && now.down === before.down;
    });
    assert.ok(
      api.inventory
        .peerings()
        .some(
          (p) => p.peering.id === AWS_PEERINGS.dragonflyPending && p.peering.rawState === 'expired',
        ),
    );
  });

  it('says "Peering" with no counts when there is nothing to watch', async () => {
    await api.sandbox.stop();
    try {
      await waitFor('the plain text', () => api.status.text() === '$(plug) Peering');
      assert.equal(api.status.background(), undefined);
      assert.equal(api.status.accessibilityLabel(), 'Cloud Peering: no peerings discovered yet');
    } finally {
      await freshSandbox(api);
    }
  });
});
