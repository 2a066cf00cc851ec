import * as assert from 'node:assert/strict';
import {
  CidrError,
  contains,
  firstOverlap,
  isPrivate,
  overlaps,
  parseCidr,
} from '../../src/model/cidr';

describe('model/cidr', () => {
  it('parses IPv4 and IPv6 blocks to their canonical text', () => {
    assert.equal(parseCidr('10.0.0.0/16').text, '10.0.0.0/16');
    assert.equal(parseCidr(' fc02:c4f3:0000::/64 ').text, 'fc02:c4f3::/64');
    assert.equal(parseCidr('0.0.0.0/0').end, 0xffffffffn);
  });

  it('rejects malformed blocks and names the rule', () => {
    assert.throws(() => parseCidr('10.0.0.0'), /prefix length/);
    assert.throws(() => parseCidr('10.0.0.0/33'), /0 to 32/);
    assert.throws(() => parseCidr('10.0.0.256/24'), CidrError);
    assert.throws(() => parseCidr('10.0.0.1/16'), /did you mean 10\.0\.0\.0\/16/);
    assert.throws(() => parseCidr('fc00::/129'), /0 to 128/);
  });

  it('detects overlap only within one family', () => {
    assert.equal(overlaps('10.0.0.0/16', '10.0.0.0/20'), true);
    assert.equal(overlaps('10.0.0.0/16', '10.1.0.0/16'), false);
    assert.equal(overlaps('fc02:c4f3::/64', 'fc02:c4f3::/48'), true);
    assert.equal(overlaps('10.0.0.0/8', 'fc00::/7'), false);
    assert.deepEqual(firstOverlap(['10.10.0.0/16', '10.11.0.0/16'], ['10.11.128.0/20']), [
      '10.11.0.0/16',
      '10.11.128.0/20',
    ]);
    assert.equal(firstOverlap(['10.10.0.0/16'], ['10.12.0.0/16']), undefined);
  });

  it('knows containment and private space', () => {
    assert.equal(contains('10.0.0.0/8', '10.1.2.0/24'), true);
    assert.equal(contains('10.1.2.0/24', '10.0.0.0/8'), false);
    assert.equal(isPrivate('192.168.0.0/24'), true);
    assert.equal(isPrivate('8.8.8.0/24'), false);
    assert.equal(isPrivate('fc02:c4f3::/64'), true);
  });
});
