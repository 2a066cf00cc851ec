/**
 * `npm run test:desktop`: the same extension-host suite as `npm run
 * test:vscode`, in desktop VS Code through @vscode/test-electron. That
 * downloads VS Code from Microsoft's update servers, so it is for machines
 * with internet access; CI and offline machines use `npm run test:vscode`.
 *
 * VSCODE_TEST_VERSION picks the version (default: latest stable).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import type { HostReport } from '../../test/vscode/report';
import { buildExtension, repoRoot, resultsDir, writeCounts } from './host';

async function main(): Promise<number> {
  buildExtension();
  mkdirSync(resultsDir, { recursive: true });
  const reportFile = join(resultsDir, 'desktop-report.json');
  rmSync(reportFile, { force: true });
  const scratch = mkdtempSync(join(tmpdir(), 'peering-desktop-'));
  const workspace = join(scratch, 'workspace');
  mkdirSync(workspace);
  let exitCode: number | undefined;
  let launchError: unknown;
  try {
    exitCode = await runTests({
      version: process.env.VSCODE_TEST_VERSION,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: join(repoRoot, 'out', 'test', 'vscode', 'suite', 'index'),
      extensionTestsEnv: { PEERING_HOST_REPORT_FILE: reportFile },
      launchArgs: [
        workspace,
        '--user-data-dir',
        join(scratch, 'user-data'),
        '--extensions-dir',
        join(scratch, 'extensions'),
        // Only the extension under test runs.
        '--disable-extensions',
        '--disable-workspace-trust',
      ],
    });
  } catch (error) {
    // runTests rejects both when VS Code cannot be downloaded and when a test failed.
    launchError = error;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  const report = existsSync(reportFile)
    ? (JSON.parse(readFileSync(reportFile, 'utf8')) as HostReport)
    : undefined;
  if (report?.type !== 'end') {
    writeCounts('desktop', { passed: 0, failed: 1 });
    const why = launchError instanceof Error ? launchError.message : `exit code ${exitCode}`;
    console.error(`test:desktop: the suite reported no results (${why}).`);
    console.error(
      'It downloads VS Code from update.code.visualstudio.com; offline, use `npm run test:vscode`.',
    );
    return 1;
  }
  writeCounts('desktop', report);
  console.log(`\n${report.passed} passed, ${report.failed} failed (desktop VS Code)`);
  return launchError === undefined && report.failed === 0 && report.passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
