import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CloudPeeringApi } from '../../../src/extension';

/**
 * The Peering Map's engine (dist/map.js, with ELK) is not loaded by activation; the first
 * Show Peering Map loads it and opens one panel, which a second call reveals.
 */
describe('Peering Map in the extension host', () => {
  let api: CloudPeeringApi;

  before(async () => {
    const found = vscode.extensions.getExtension<CloudPeeringApi>('cloud-peering.cloud-peering');
    assert.ok(found);
    api = await found.activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('loads its engine on the first open, not at activation, and keeps one panel', async () => {
    const mapTabs = () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .filter(
          (t) =>
            t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('peering.map'),
        );
    // Another suite may have opened the map already in this host; activation alone never does.
    if (mapTabs().length === 0) assert.equal(api.map.engineLoaded, false);
    await vscode.commands.executeCommand('peering.showMap');
    assert.equal(api.map.engineLoaded, true);
    // The tab appears once the workbench has created the panel.
    const deadline = Date.now() + 10_000;
    while (mapTabs().length === 0) {
      assert.ok(Date.now() < deadline, 'no Peering Map tab appeared');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await vscode.commands.executeCommand('peering.showMap');
    assert.equal(mapTabs().length, 1);
  });
});
