import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CloudPeeringApi } from '../../../src/extension';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { AWS_PEERINGS, AWS_VPCS } from '../../../src/sandbox/worlds/demoTopology';
import type { DiagnoseOutcome } from '../../../src/ui/doctor';
import { ScriptedUserInput } from '../../../src/ui/userInput';
import { deleteRoute, mainRouteTableOf } from '../../support/breakRoute';
import { extensionApi, freshSandbox, waitFor } from './sandboxWorld';

/**
 * The Peering Doctor's commands on the sandbox, through the real engine and
 * the real AWS adapter: a route broken with the aws CLI and the demo's
 * missing security-group rule are found, fixed through the runner after a
 * confirmation, and gone on the re-check; the status bar counts the failing
 * peering apart from the pending ones; the tree row carries the finding.
 */
describe('Peering Doctor commands on the sandbox', function () {
  this.timeout(120_000);
  let api: CloudPeeringApi;
  let sandbox: RunningSandbox;

  before(async () => {
    api = await extensionApi();
    sandbox = await freshSandbox(api);
  });

  after(async () => {
    api.doctor.panels.dispose();
    api.doctor.store.clear();
    await freshSandbox(api);
  });

  const sharedToData = () => {
    const found = api.inventory
      .peerings()
      .find((p) => p.peering.id === AWS_PEERINGS.sharedDataMissingRule);
    assert.ok(found, 'shared ↔ data is listed');
    return found;
  };

  it('finds a broken route and a missing rule, fixes both, and re-checks', async () => {
    await deleteRoute({
      endpoint: sandbox.endpoints.aws,
      account: 'app',
      region: 'us-east-1',
      routeTableId: mainRouteTableOf(AWS_VPCS.shared.id),
      destinationCidr: AWS_VPCS.data.cidrs[0],
    });
    const item = sharedToData();
    const outcome = (await vscode.commands.executeCommand('peering.diagnosePeering', {
      key: item.peering.key,
      accountId: item.account.id,
      region: item.region,
      port: 6379,
    })) as DiagnoseOutcome;
    const diagnosis = outcome.diagnosis;
    assert.ok(diagnosis, 'a diagnosis');
    assert.equal(diagnosis.port, 6379);
    const codes = diagnosis.findings.map((f) => f.code);
    const route = diagnosis.findings.findIndex((f) => f.code === 'route.missing' && f.fix);
    const rule = diagnosis.findings.findIndex((f) => f.code === 'rule.port-blocked' && f.fix);
    assert.ok(route >= 0, `route.missing among ${codes.join(', ')}`);
    assert.ok(rule >= 0, `rule.port-blocked among ${codes.join(', ')}`);
    assert.ok(
      diagnosis.findings[route].evidence.some((e) => e.id === mainRouteTableOf(AWS_VPCS.shared.id)),
      'the route finding names the route table it read',
    );

    // The status bar counts it apart from the pending peerings; the row says why.
    await waitFor('the failing count in the status bar', () =>
      api.status.text().includes('1 failing check'),
    );
    assert.match(api.status.text(), /\d+ pending · \d+ down · 1 failing check$/);
    assert.ok(api.status.tooltip().includes('command:peering.diagnosePeering'));

    const panel = api.doctor.panels.get(item.peering.key);
    assert.ok(panel, 'the report is open');
    await panel.ready;
    assert.equal(panel.view.status, 'ready');
    assert.equal(panel.view.findings.length, diagnosis.findings.length);

    // Declining the confirmation changes nothing.
    const no = new ScriptedUserInput([undefined]);
    assert.equal(await panel.fix(route, no), 'cancelled');
    assert.match(no.asked[0], new RegExp(`route.*${mainRouteTableOf(AWS_VPCS.shared.id)}`));

    const yes = new ScriptedUserInput(['Apply Fix']);
    assert.equal(await panel.fix(route, yes), 'fixed');
    assert.ok(!panel.view.findings.some((f) => f.code === 'route.missing'), 'route repaired');
    const ruleIndex = panel.view.findings.findIndex((f) => f.code === 'rule.port-blocked');
    assert.ok(ruleIndex >= 0);
    assert.equal(await panel.fix(ruleIndex, new ScriptedUserInput(['Apply Fix'])), 'fixed');
    const after = api.doctor.store.get(item.peering.key);
    assert.ok(after);
    assert.ok(
      !after.findings.some((f) => f.code === 'route.missing' || f.code === 'rule.port-blocked'),
      `re-check: ${after.findings.map((f) => f.code).join(', ')}`,
    );
    assert.match(panel.view.message ?? '', /^Fixed: Allow TCP 6379 from 10\.30\.0\.0\/16/);
  });

  it('rejects a malformed message from the report and keeps working', async () => {
    const panel = api.doctor.panels.get(sharedToData().peering.key);
    assert.ok(panel);
    const before = panel.endpoint.rejected;
    await panel.endpoint.receive({ type: 'fix', finding: 'rm -rf /' });
    await panel.endpoint.receive({ type: 'runPlan', plan: {} });
    assert.equal(panel.endpoint.rejected, before + 2);
    await panel.endpoint.receive({ type: 'recheck' });
    await waitFor('the re-check after a bad message', () => panel.view.status === 'ready', 30_000);
  });

  it('Diagnose All diagnoses every listed peering once', async () => {
    const ui = new ScriptedUserInput(['6379']);
    const diagnoses = await api.doctor.diagnoseAll(ui);
    const keys = new Set(api.inventory.peerings().map((p) => p.peering.key));
    assert.equal(diagnoses.length, keys.size);
    assert.deepEqual(new Set(diagnoses.map((d) => d.peeringKey)), keys);
    assert.ok(diagnoses.every((d) => api.doctor.store.get(d.peeringKey) === d));
    assert.equal(ui.asked[0], 'Service port');
  });

  it('asks for the port from the palette and refuses a bad one by its label', async () => {
    const item = api.inventory
      .peerings()
      .find((p) => p.peering.id === AWS_PEERINGS.crossRegionMissingRoute);
    assert.ok(item);
    const bad = new ScriptedUserInput(['70000']);
    await assert.rejects(
      api.doctor.diagnosePeering({ key: item.peering.key, accountId: item.account.id }, bad),
      /Service port: it must be a whole number from 1 to 65535/,
    );
  });
});
