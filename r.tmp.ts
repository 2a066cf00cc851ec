import { buildRepairPlan } from './src/plans/repair';
import { renderScript } from './src/plans';
const fixes:any[] = [
 {kind:'add-route',side:'peer',summary:'Add route',params:{cloud:'aws',accountId:'a',region:'eu-west-1',routeTableId:'rtb-1',destinationCidr:'10.0.0.0/16',peeringId:'pcx-1'}},
 {kind:'add-ingress-rule',side:'local',summary:'rule',params:{cloud:'aws',accountId:'a',region:'us-east-1',groupId:'sg-1',port:6379,protocol:'tcp',sourceCidr:'10.1.0.0/16'}},
 {kind:'add-ingress-rule',side:'local',summary:'rule',params:{cloud:'gcp',project:'p',network:'n',port:6379,protocol:'tcp',sourceCidr:'10.1.0.0/16'}},
 {kind:'add-ingress-rule',side:'local',summary:'rule',params:{cloud:'azure',subscriptionId:'s',resourceGroup:'rg',nsgName:'nsg',port:6379,protocol:'tcp',sourceCidr:'10.1.0.0/16',priority:300}},
 {kind:'azure-resync-peering',side:'local',summary:'sync',params:{subscriptionId:'s',resourceGroup:'rg',vnetName:'v',peeringName:'p'}},
];
for (const f of fixes) { const plan = buildRepairPlan(f, {account:{id:'x',cloud:f.params.cloud??'azure',label:'X',ref:'prof'}}); console.log(plan.steps.map(s=>s.kind+' '+s.title)); console.log(renderScript(plan,'bash').split('\n').slice(0,200).join('\n')); console.log(renderScript(plan,'terraform')); }
