/**
 * The admin switch for the inventory engines, over the admin HTTP API: off, each engine answers
 * as the real service does for a caller who may not use it; reset turns them on again.
 */
import * as assert from 'node:assert/strict';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { startSandbox } from '../../../src/sandbox/server';
import { GCP } from '../../../src/sandbox/worlds/demoTopology';

describe('sandbox: inventory engines switch (/_admin/engines)', function () {
  let sandbox: RunningSandbox;
  before(async () => {
    sandbox = await startSandbox({ world: 'demo' });
  });
  after(() => sandbox.stop());

  const admin = (method: string, body?: unknown) =>
    fetch(`${sandbox.endpoints.admin}/engines`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const searchOrg = () =>
    fetch(
      `${sandbox.endpoints.gcp}/v1/${GCP.organization}:searchAllResources?assetTypes=compute.googleapis.com/Network`,
      { headers: { authorization: 'Bearer sandbox-gcp-token' } },
    );

  it('turns Cloud Asset Inventory off and on, and reset turns every engine on', async () => {
    assert.deepEqual(await (await admin('GET')).json(), {
      'azure-resource-graph': true,
      'gcp-cloud-asset': true,
      'aws-config': true,
    });
    const on = (await (await searchOrg()).json()) as { results: { name: string }[] };
    assert.equal(on.results.length, 4);

    const switched = await admin('PUT', { 'gcp-cloud-asset': false });
    assert.equal(switched.status, 200);
    const off = await searchOrg();
    assert.equal(off.status, 403);
    const error = (
      (await off.json()) as { error: { status: string; details: { reason: string }[] } }
    ).error;
    assert.equal(error.status, 'PERMISSION_DENIED');
    assert.equal(error.details[0].reason, 'SERVICE_DISABLED');

    sandbox.admin.reset();
    assert.equal((await searchOrg()).status, 200);
  });

  it('names the rule when a switch is not a boolean or the engine is unknown', async () => {
    const notBoolean = await admin('PUT', { 'azure-resource-graph': 'off' });
    assert.equal(notBoolean.status, 400);
    assert.match(((await notBoolean.json()) as { error: string }).error, /true \(on\) or false/);
    const unknown = await admin('PUT', { 'oci-resource-search': false });
    assert.equal(unknown.status, 400);
    assert.match(
      ((await unknown.json()) as { error: string }).error,
      /unknown engine "oci-resource-search"/,
    );
  });
});
