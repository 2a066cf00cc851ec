import * as assert from 'node:assert/strict';
import type { Network } from '../../../src/model/types';
import { AWS_VPCS, UPCLOUD } from '../../../src/sandbox/worlds/demoTopology';
import { networkRow, untranslated } from '../../../src/ui/tree/rowModel';

describe('ui/tree/rowModel: network rows', () => {
  // The default sidebar shows about 40 characters of a row's description after its name:
  // the CIDRs come first so a long id cannot push them out of sight.
  it('puts the CIDRs before a long id in the description, the whole id in the tooltip', () => {
    const upcloud: Network = {
      key: `sandbox:upcloud/${UPCLOUD.zone}/${UPCLOUD.networks.app.uuid}`,
      accountKey: 'sandbox:upcloud',
      cloud: 'upcloud',
      id: UPCLOUD.networks.app.uuid,
      name: UPCLOUD.networks.app.name,
      cidrs: [UPCLOUD.networks.app.cidr],
      zone: UPCLOUD.zone,
    };
    const aws: Network = {
      key: `sandbox:aws:app/us-east-1/${AWS_VPCS.app.id}`,
      accountKey: 'sandbox:aws:app',
      cloud: 'aws',
      id: AWS_VPCS.app.id,
      name: AWS_VPCS.app.name,
      cidrs: [...AWS_VPCS.app.cidrs],
      region: 'us-east-1',
    };
    for (const network of [upcloud, aws]) {
      const row = networkRow(network, [], untranslated);
      assert.ok(
        row.description!.startsWith(network.cidrs.join(', ')),
        `"${row.description}" starts with the CIDRs`,
      );
      assert.ok(row.description!.endsWith(network.id), row.description);
      assert.ok(row.tooltip!.includes(`\`${network.id}\``));
    }
  });
});
