import { startSandbox } from './src/sandbox/server';
import { sandboxSession } from './test/unit/plans/sandboxSession';
import { diagnosePeering } from './src/doctor';
import { Discovery } from './src/discovery/discovery';
import { Inventory } from './src/discovery/inventory';
(async () => {
  const sandbox = await startSandbox({ world: 'demo', operationDelayMs: 10 });
  const session = sandboxSession(sandbox);
  const inv = new Inventory(new Discovery({ loadProvider: session.loadProvider as any }));
  inv.setAccounts(sandbox.accounts().map(a=>a.account));
  await inv.ensureLoaded();
  const peerings = inv.peerings();
  const seen = new Set();
  for (const p of peerings) {
    if (seen.has(p.peering.key)) continue; seen.add(p.peering.key);
    const d = await diagnosePeering(p.peering, { loadProvider: session.loadProvider, inventory: { networks: inv.networks().map(n=>n.network), peerings: peerings.map(x=>x.peering) }, accountFor: (id) => session.accounts.find(a=>a.id===id) }, { port: 8443 });
    console.log(p.peering.cloud, p.peering.id, p.peering.state, p.account.id, '=>', d.findings.map(f=>`${f.severity}:${f.code}:${f.side}${f.fix?'[fix '+f.fix.kind+' '+JSON.stringify(f.fix.params)+']':''}`).join(' | '), 'skipped', d.skipped.length);
  }
  session.dispose(); await sandbox.stop();
})();
