import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CloudPeeringApi } from '../../../src/extension';

const EXTENSION_ID = 'cloud-peering.cloud-peering';

/** The commands the Foundation issue promises; later issues add more. */
const EXPECTED_COMMANDS = [
  'peering.refresh',
  'peering.addAccount',
  'peering.removeAccount',
  'peering.trySandbox',
  'peering.stopSandbox',
  'peering.newPeering',
  'peering.showLog',
  // The Networks view, the status bar and the peering commands.
  'peering.acceptPeering',
  'peering.rejectPeering',
  'peering.deletePeering',
  'peering.copyId',
  'peering.copyCidr',
  'peering.openInConsole',
  'peering.watchPeering',
  'peering.unwatchPeering',
  'peering.findNetworkOrPeering',
  'peering.showProblems',
  'peering.showOnlyProblems',
  'peering.showAll',
  'peering.loadMore',
];

function extension(): vscode.Extension<CloudPeeringApi> {
  const found = vscode.extensions.getExtension<CloudPeeringApi>(EXTENSION_ID);
  assert.ok(found, `extension ${EXTENSION_ID} is not installed in the host`);
  return found;
}

describe('Cloud Peering in the extension host', () => {
  let api: CloudPeeringApi;

  before(async () => {
    api = await extension().activate();
  });

  it('activates and returns its API', () => {
    assert.equal(extension().isActive, true);
    assert.equal(typeof api.activationMs, 'number');
    assert.ok(api.activationMs >= 0, `activationMs is ${api.activationMs}`);
    assert.equal(typeof api.statusBarText, 'function');
  });

  it('registers every command it promises', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = EXPECTED_COMMANDS.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `commands not registered: ${missing.join(', ')}`);
  });

  it('registers every command its manifest contributes', async () => {
    const contributed = (
      extension().packageJSON as { contributes: { commands: { command: string }[] } }
    ).contributes.commands.map((c) => c.command);
    assert.ok(contributed.length >= EXPECTED_COMMANDS.length);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `contributed but never registered: ${missing.join(', ')}`);
  });

  it('reveals the Networks view in the Peering container', async () => {
    // Both commands exist only if the manifest contributes the container and
    // the view; executing them rejects otherwise.
    await vscode.commands.executeCommand('workbench.view.extension.peering');
    await vscode.commands.executeCommand('peering.networks.focus');
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.ok(registered.has('peering.networks.focus'));
  });

  it('shows its status bar item', () => {
    const text = api.statusBarText();
    assert.match(text, /\$\(plug\)/, `status bar text is "${text}"`);
  });

  it('refreshes and shows its log without errors', async () => {
    await vscode.commands.executeCommand('peering.refresh');
    await vscode.commands.executeCommand('peering.showLog');
  });

  it('contributes its settings with their defaults', () => {
    const config = vscode.workspace.getConfiguration('peering');
    assert.equal(config.inspect<boolean>('sandbox.enabled')?.defaultValue, false);
    assert.equal(config.inspect<number>('sandbox.port')?.defaultValue, 0);
    assert.deepEqual(config.inspect<unknown[]>('accounts')?.defaultValue, []);
  });
});
