import { describe, expect, it } from 'vitest';
import { collectEventNames } from '../rules/collect-event-names';
import { keyFromName, parseIds } from './segment-key';

describe('segment keys and member ids', () => {
  it('makes a key the server accepts from a Finnish or English name', () => {
    expect(keyFromName('Suomalaiset kanta-asiakkaat')).toBe('suomalaiset-kanta-asiakkaat');
    expect(keyFromName('Ääkköset & Öljy: Åland 2026!')).toBe('aakkoset-oljy-aland-2026');
    expect(keyFromName('  --VIP__accounts  ')).toBe('vip__accounts');
    expect(keyFromName('x'.repeat(80))).toHaveLength(63);
    expect(keyFromName('!!!')).toBe('');
    for (const name of ['Kuusi & Koivu', 'A-B-', 'ÅÄÖ', 'Top 10 %']) expect(keyFromName(name)).toMatch(/^[a-z0-9][a-z0-9_-]{0,62}$/);
  });

  it('reads ids separated by commas, spaces or lines, once each, and names what is not an id', () => {
    expect(parseIds('12, 13 14\n12;15')).toEqual({ ids: [12, 13, 14, 15], invalid: [] });
    expect(parseIds('7, x9, 0, -3, 1.5')).toEqual({ ids: [7], invalid: ['x9', '0', '-3', '1.5'] });
    expect(parseIds('   ')).toEqual({ ids: [], invalid: [] });
  });

  it('collects the event names rules read, nested and in contact rules', () => {
    const rules = [
      { any: [{ event: 'Guide Downloaded', op: 'gte', value: 1 }, { not: { event: 'Page Viewed', op: 'gte', value: 3 } }] },
      { contacts: 'any', where: { all: [{ event: 'Login', op: 'gte', value: 1 }, { orders: 'count', op: 'gte', value: 1 }] } },
      { event: 'Guide Downloaded', op: 'gte', value: 2 },
    ];
    expect(collectEventNames(rules)).toEqual(['Guide Downloaded', 'Login', 'Page Viewed']);
  });
});
