import { describe, expect, it } from 'vitest';
import { findMarker, findMarkers, hasMarker } from '../../src/markers/query.js';
import type { Marker, MarkerValue } from '../../src/model/types.js';

const m = (name: string, value: MarkerValue, line: number): Marker => ({ name, value, pos: { file: 'a.ts', line, col: 1 } });
const markers: Marker[] = [
  m('genclient', true, 1),
  m('kubebuilder:printcolumn', { name: 'A' }, 2),
  m('kubebuilder:validation:Minimum', 1, 3),
  m('kubebuilder:printcolumn', { name: 'B' }, 4),
  m('kubebuilder:validation:Minimum', 2, 5),
  m('genclient:noStatus', false, 6),
  m('kubebuilder:deprecatedversion', {}, 7),
];

describe('findMarker', () => {
  const cases: [string, { name: string; line: number | undefined }][] = [
    ['the last occurrence wins', { name: 'kubebuilder:validation:Minimum', line: 5 }],
    ['single', { name: 'genclient', line: 1 }],
    ['absent', { name: 'genclient:readonly', line: undefined }],
    ['no prefix matching', { name: 'kubebuilder', line: undefined }],
  ];
  it.each(cases)('%s', (_n, { name, line }) => {
    expect(findMarker(markers, name)?.pos.line).toBe(line);
  });
});

describe('findMarkers', () => {
  it('returns every occurrence in source order', () => {
    expect(findMarkers(markers, 'kubebuilder:printcolumn').map((x) => x.value)).toEqual([{ name: 'A' }, { name: 'B' }]);
    expect(findMarkers(markers, 'nope')).toEqual([]);
  });
});

describe('hasMarker', () => {
  const cases: [string, boolean][] = [
    ['genclient', true],
    ['genclient:noStatus', false],
    ['genclient:readonly', false],
    ['kubebuilder:deprecatedversion', true],
    ['kubebuilder:validation:Minimum', true],
  ];
  it.each(cases)('%s → %s', (name, want) => {
    expect(hasMarker(markers, name)).toBe(want);
  });
  it('uses the last value', () => {
    expect(hasMarker([m('genclient', true, 1), m('genclient', false, 2)], 'genclient')).toBe(false);
    expect(hasMarker([m('genclient', false, 1), m('genclient', true, 2)], 'genclient')).toBe(true);
  });
});
