import * as assert from 'node:assert/strict';
import type { Network } from '../../../src/model/types';
import { Prefill } from '../../../src/protocol/wizardMessages';
import { parse } from '../../../src/protocol/schema';
import { prefillFromNode } from '../../../src/ui/wizard/session/prefill';

const app: Network = {
  key: 'sandbox:aws:app/us-east-1/vpc-1',
  accountKey: 'sandbox:aws:app',
  cloud: 'aws',
  id: 'vpc-1',
  name: 'app-vpc',
  cidrs: ['10.10.0.0/16'],
};

describe('wizard prefill from the Peering Map', () => {
  it('a drag from one network to another names both: the user network and the far one', () => {
    const prefill = prefillFromNode({
      network: app,
      peerNetwork: { id: 'vpc-2', name: 'data-vpc', cloud: 'aws' },
    });
    assert.deepEqual(prefill, {
      localNetworkKey: app.key,
      peerNetworkId: 'vpc-2',
      source: 'Prefilled from the Peering Map: app-vpc (vpc-1) → data-vpc (AWS)',
    });
    assert.equal(parse(Prefill, prefill).ok, true);
  });

  it('ignores a far end that is not a network of a known cloud', () => {
    const prefill = prefillFromNode({
      network: app,
      peerNetwork: { id: 'x', cloud: 'constructor' },
    });
    assert.deepEqual(prefill, {
      localNetworkKey: app.key,
      source: 'Prefilled from app-vpc (vpc-1)',
    });
  });
});
