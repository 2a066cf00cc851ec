import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CloudPeeringApi } from '../../../src/extension';
import { ScriptedUserInput } from '../../../src/ui/userInput';
import { DRAGONFLY, UPCLOUD } from '../../../src/sandbox/worlds/demoTopology';
import { extensionApi } from './sandboxWorld';

const configuredIds = () =>
  (vscode.workspace.getConfiguration('peering').get<{ id?: string }[]>('accounts') ?? []).map(
    (a) => a.id,
  );

describe('Add Account and Remove Account', function () {
  this.timeout(60_000);
  let peering: CloudPeeringApi;
  let endpoints: { dragonfly: string; upcloud: string };

  before(async () => {
    peering = await extensionApi();
    const running = await peering.sandbox.start();
    endpoints = running.endpoints;
  });

  after(async () => {
    await vscode.workspace
      .getConfiguration('peering')
      .update('accounts', [], vscode.ConfigurationTarget.Global);
  });

  it('adds a Dragonfly Cloud account after a passing connection test and keeps its key in SecretStorage', async () => {
    const ui = new ScriptedUserInput([
      'Team Dragonfly',
      DRAGONFLY.apiKey,
      'Use an endpoint override (LocalStack or another emulator)…',
      endpoints.dragonfly,
    ]);
    const added = await peering.accountCommands.add(ui, 'dragonfly');
    assert.equal(added?.id, 'dragonfly:Team Dragonfly');
    assert.ok(configuredIds().includes('dragonfly:Team Dragonfly'));
    assert.equal(await peering.secrets.get('dragonfly:Team Dragonfly'), DRAGONFLY.apiKey);
    // The key is in SecretStorage only, never in settings.
    assert.ok(
      !JSON.stringify(vscode.workspace.getConfiguration('peering').get('accounts')).includes(
        DRAGONFLY.apiKey,
      ),
    );
  });

  it('stores nothing when the connection test fails and the user does not save anyway', async () => {
    const ui = new ScriptedUserInput([
      'API user and password',
      'someone',
      'wrong-password',
      'Use an endpoint override (LocalStack or another emulator)…',
      endpoints.upcloud,
      undefined, // dismisses "Save Anyway"
    ]);
    await assert.rejects(peering.accountCommands.add(ui, 'upcloud'), {
      name: 'UserCancelledError',
    });
    assert.match(
      ui.asked[5],
      /The connection test failed: UpCloud account "UpCloud · someone": the credentials were rejected/,
    );
    assert.ok(!configuredIds().includes('upcloud:someone'));
    assert.equal(await peering.secrets.get('upcloud:someone'), undefined);
  });

  it('rejects invalid input with the field and the rule', async () => {
    const ui = new ScriptedUserInput(['Not A Project!']);
    await assert.rejects(
      peering.accountCommands.add(ui, 'gcp'),
      /Project id: 6 to 30 lowercase letters/,
    );
  });

  it('adds UpCloud with user and password, then removes it and its secret after confirmation', async () => {
    await peering.accountCommands.add(
      new ScriptedUserInput([
        'API user and password',
        UPCLOUD.username,
        UPCLOUD.password,
        'Use an endpoint override (LocalStack or another emulator)…',
        endpoints.upcloud,
      ]),
      'upcloud',
    );
    const id = `upcloud:${UPCLOUD.username}`;
    assert.ok(configuredIds().includes(id));
    assert.ok(await peering.secrets.get(id));
    // Declining keeps everything.
    await assert.rejects(
      peering.accountCommands.remove(new ScriptedUserInput([undefined]), id),
      (e: Error) => {
        assert.equal(e.name, 'UserCancelledError', e.message);
        return true;
      },
    );
    assert.ok(configuredIds().includes(id));
    const confirm = new ScriptedUserInput(['Remove']);
    await peering.accountCommands.remove(confirm, id);
    assert.match(confirm.asked[0], /Remove the UpCloud account "UpCloud · sandbox-upcloud"\?/);
    assert.ok(!configuredIds().includes(id));
    assert.equal(await peering.secrets.get(id), undefined);
  });
});
