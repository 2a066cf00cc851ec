/**
 * The child side of `startSandboxProcess` (sandboxProcess.ts): starts the sandbox with the world
 * named in argv[2], sends its endpoints to the parent, and stops when the parent disconnects
 * (or dies), so no sandbox outlives the process that asked for it.
 */
import type { WorldName } from '../../src/sandbox/api';
import { startSandbox } from '../../src/sandbox/server';

async function main(): Promise<void> {
  if (!process.send)
    throw new Error('sandboxChild.ts runs only as a forked child (an IPC channel)');
  const world = (process.argv[2] ?? 'demo') as WorldName;
  const sandbox = await startSandbox({ world });
  process.once('disconnect', () => {
    void sandbox.stop().then(() => process.exit(0));
  });
  process.send({ endpoints: sandbox.endpoints });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
