/**
 * Where the Peering Doctor's findings show outside its report: the store the
 * tree and status bar read, the peering row's tooltip line and context value,
 * the row decoration, and the status bar's failing count (singular and plural).
 */
import * as assert from 'node:assert/strict';
import type { Diagnosis, Finding } from '../../../src/model/diagnosis';
import { PROVIDER_DOCS } from '../../../src/model/docs';
import type { Network, Peering } from '../../../src/model/types';
import { DiagnosisStore } from '../../../src/ui/doctor/diagnosisStore';
import {
  doctorDecoration,
  doctorTooltipLine,
  failingChecksText,
  findingCounts,
  peeringRow,
  untranslated,
} from '../../../src/ui/tree/rowModel';

const NOW = Date.parse('2026-12-05T12:00:00Z');

function finding(severity: Finding['severity'], title: string): Finding {
  return {
    code: severity === 'error' ? 'route.missing' : 'dns.resolution-off',
    severity,
    side: 'peer',
    title,
    detail: 'Why it matters.',
    evidence: [{ kind: 'route-table', cloud: 'aws', id: 'rtb-2', summary: '0.0.0.0/0 → igw-1' }],
    doc: PROVIDER_DOCS.awsPeering,
  };
}

function diagnosis(key: string, findings: Finding[], checkedAt = NOW - 120_000): Diagnosis {
  return { peeringKey: key, checkedAt, findings, skipped: [], calls: 4 };
}

const network: Network = {
  key: 'sandbox:aws:app/us-east-1/vpc-1',
  accountKey: 'sandbox:aws:app',
  cloud: 'aws',
  id: 'vpc-1',
  name: 'app-vpc',
  cidrs: ['10.10.0.0/16'],
  region: 'us-east-1',
};
const peering: Peering = {
  key: 'aws:pcx-1',
  accountKey: 'sandbox:aws:app',
  cloud: 'aws',
  id: 'pcx-1',
  state: 'active',
  rawState: 'active',
  local: { cloud: 'aws', networkId: 'vpc-1', region: 'us-east-1' },
  peer: { cloud: 'aws', networkId: 'vpc-2', region: 'eu-west-1', name: 'app-eu-vpc' },
};

describe('ui/doctor: the diagnosis store', () => {
  it('keeps the latest diagnosis per peering and tells listeners once per change', () => {
    const store = new DiagnosisStore();
    let changes = 0;
    const unsubscribe = store.onDidChange(() => changes++);
    store.set(diagnosis('a', [finding('error', 'No route')]), diagnosis('b', []));
    assert.equal(changes, 1, 'a batch (Diagnose All) is one change');
    assert.deepEqual(store.failing(), ['a']);
    store.set(diagnosis('a', []));
    assert.deepEqual(store.failing(), [], 'the latest diagnosis wins');
    assert.equal(changes, 2);
    store.clear('missing');
    assert.equal(changes, 2, 'clearing nothing is no change');
    store.clear('b');
    assert.equal(store.get('b'), undefined);
    unsubscribe();
    store.clear();
    assert.equal(changes, 3, 'no call after unsubscribing');
  });

  it('a listener that throws does not keep the others from hearing', () => {
    const store = new DiagnosisStore();
    let heard = false;
    store.onDidChange(() => {
      throw new Error('broken listener');
    });
    store.onDidChange(() => (heard = true));
    store.set(diagnosis('a', []));
    assert.ok(heard);
  });
});

describe('ui/tree/rowModel: Doctor findings on peering rows', () => {
  const options = { lookup: () => undefined, t: untranslated, watch: 'off' as const, now: NOW };

  it('adds a tooltip line with the counts, the age and the worst finding', () => {
    const d = diagnosis('aws:pcx-1', [
      finding('warning', 'DNS resolution is off'),
      finding('error', 'No route to 10.10.0.0/16 in rtb-2'),
    ]);
    const row = peeringRow(network, peering, { ...options, diagnosis: d });
    const line = row.tooltip!.split('\n').at(-1)!;
    assert.match(line, /^\$\(error\) Peering Doctor: 1 error, 1 warning \(2 min ago\)/);
    assert.ok(line.includes('No route to 10\\.10\\.0\\.0/16 in rtb\\-2'), line);
    assert.ok(row.contextValue.split(' ').includes('doctor.error'), row.contextValue);
  });

  it('says a clean report passes, and leaves rows without a diagnosis as they were', () => {
    const clean = peeringRow(network, peering, { ...options, diagnosis: diagnosis('k', []) });
    assert.match(clean.tooltip!, /\$\(pass\) Peering Doctor: all checks pass \(2 min ago\)$/);
    assert.ok(clean.contextValue.includes('doctor.clean'));
    const plain = peeringRow(network, peering, options);
    assert.ok(!plain.tooltip!.includes('Peering Doctor'));
    assert.ok(!plain.contextValue.includes('doctor.'));
  });

  it('decorates errors and warnings with a count in their color, not notes', () => {
    const errors = doctorDecoration(
      diagnosis('k', [finding('error', 'a'), finding('error', 'b'), finding('warning', 'c')]),
      untranslated,
    );
    assert.deepEqual(errors, {
      badge: '2',
      tooltip: 'Peering Doctor: 2 errors, 1 warning',
      color: 'list.errorForeground',
    });
    const warnings = doctorDecoration(diagnosis('k', [finding('warning', 'c')]), untranslated);
    assert.equal(warnings?.color, 'list.warningForeground');
    const many = doctorDecoration(
      diagnosis(
        'k',
        Array.from({ length: 12 }, (_, i) => finding('error', String(i))),
      ),
      untranslated,
    );
    assert.equal(many?.badge, '9+');
    const info = diagnosis('k', [{ ...finding('info', 'note'), severity: 'info' }]);
    assert.equal(doctorDecoration(info, untranslated), undefined);
    assert.equal(findingCounts(info, untranslated), '1 note');
    assert.equal(doctorDecoration(undefined, untranslated), undefined);
  });

  it('counts failing peerings for the status bar, singular and plural', () => {
    assert.equal(failingChecksText(0, untranslated), undefined);
    assert.equal(failingChecksText(1, untranslated), '1 failing check');
    assert.equal(failingChecksText(3, untranslated), '3 failing checks');
  });

  it('tooltip ages follow the clock', () => {
    const d = diagnosis('k', [], NOW - 3 * 3600_000);
    assert.match(doctorTooltipLine(d, untranslated, NOW), /\(3 h ago\)/);
  });
});
