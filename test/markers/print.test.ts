import { describe, expect, it } from 'vitest';
import { defaultRegistry, MarkerRegistry } from '../../src/markers/registry.js';
import { argShape, formatMarkersText, markersJson, markersJsonText } from '../../src/markers/print.js';
import type { MarkerDefinition } from '../../src/markers/types.js';

const small = new MarkerRegistry([
  { name: 'zeta', targets: ['field', 'type'], arg: { kind: 'int' }, doc: 'Zeta.', owner: 'crd' },
  { name: 'alpha:long:name', targets: ['type'], arg: { kind: 'flag' }, doc: 'Alpha.', owner: 'crd', repeatable: true },
  { name: 'groupName', targets: ['package'], arg: { kind: 'string' }, doc: 'Group.', owner: 'core', example: '+groupName=x.io' },
  { name: 'legacy', targets: ['package', 'type', 'field'], arg: { kind: 'any' }, doc: 'Old.', owner: 'compat', ignoredReason: 'Unused.' },
  { name: 'mine', targets: ['type'], arg: { kind: 'enum', values: ['a', 'b'] }, doc: 'Mine.', owner: 'aaa' },
] satisfies MarkerDefinition[]);

describe('formatMarkersText', () => {
  it('groups by owner in a fixed order, sorts by name and aligns columns', () => {
    expect(formatMarkersText(small)).toBe(
      [
        'core (package options, optionality):',
        '  +groupName  package  string  Group.',
        '',
        'crd (schemas and CRD manifests):',
        '  +alpha:long:name  type        (flag) (repeatable)  Alpha.',
        '  +zeta             type,field  integer              Zeta.',
        '',
        'other tools (accepted, no effect):',
        '  +legacy  package,type,field  (ignored)  Old. Ignored: Unused.',
        '',
        'aaa:',
        '  +mine  type  a|b  Mine.',
        '',
      ].join('\n'),
    );
  });

  it('lists every registered marker once', () => {
    const text = formatMarkersText(defaultRegistry());
    for (const d of defaultRegistry().all()) {
      expect(text.split('\n').filter((l) => l.startsWith(`  +${d.name} `)), d.name).toHaveLength(1);
    }
  });
});

describe('markersJson', () => {
  it('is plain sorted data with shapes and examples', () => {
    expect(markersJson(small).markers.map((m) => m.name)).toEqual(['alpha:long:name', 'groupName', 'legacy', 'mine', 'zeta']);
    expect(markersJson(small).markers[4]).toEqual({
      name: 'zeta',
      owner: 'crd',
      targets: ['type', 'field'],
      arg: { kind: 'int' },
      argShape: 'integer',
      doc: 'Zeta.',
      repeatable: false,
      example: '+zeta=1',
    });
    expect(markersJson(small).markers[2]).toEqual({
      name: 'legacy',
      owner: 'compat',
      targets: ['package', 'type', 'field'],
      arg: { kind: 'any' },
      argShape: '(ignored)',
      doc: 'Old.',
      repeatable: false,
      ignoredReason: 'Unused.',
    });
  });

  it('round-trips through JSON and is stable', () => {
    const text = markersJsonText(defaultRegistry());
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(markersJson(defaultRegistry()));
    expect(markersJsonText(defaultRegistry())).toBe(text);
    const printcolumn = markersJson(defaultRegistry()).markers.find((m) => m.name === 'kubebuilder:printcolumn');
    expect(printcolumn?.arg.kind).toBe('struct');
    expect(printcolumn?.repeatable).toBe(true);
  });
});

describe('argShape', () => {
  it('describes struct arguments with optional ones bracketed', () => {
    expect(argShape(defaultRegistry().lookup('kubebuilder:subresource:scale')!)).toBe('specpath=string,statuspath=string,[selectorpath=string]');
    expect(argShape(defaultRegistry().lookup('genclient:method')!)).toMatch(/^<name>,verb=create\|update\|.*,\[result=string\] \(repeatable\)$/);
  });
});
