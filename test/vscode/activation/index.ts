/**
 * The activation benchmark's probe (`extensionTestsPath`): activates the
 * extension inside the real host and reports the `activationMs` that
 * `activate()` measured itself.
 */
import * as vscode from 'vscode';
import type { CloudPeeringApi } from '../../../src/extension';
import { sendReport } from '../report';

export const EXTENSION_ID = 'cloud-peering.cloud-peering';

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension<CloudPeeringApi>(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  const api = await extension.activate();
  if (typeof api?.activationMs !== 'number') {
    throw new Error(`activate() of ${EXTENSION_ID} returned no numeric activationMs`);
  }
  sendReport({
    type: 'activation',
    activationMs: api.activationMs,
    statusBarText: api.statusBarText(),
  });
}
