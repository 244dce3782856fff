import { describe, expect, it } from 'vitest';
import {
  compareVersions,
  groupGoName,
  isDns1035Label,
  isDns1123Subdomain,
  isVersionName,
  lowerCamel,
  parsePluralExceptions,
  pluralize,
  resourcePlural,
  versionAccessor,
} from '../../src/model/naming.js';

describe('pluralize (client-gen namer)', () => {
  const cases: [string, string][] = [
    ['Network', 'Networks'],
    ['Foo', 'Foos'],
    ['Policy', 'Policies'],
    ['Gateway', 'Gateways'],
    ['Ingress', 'Ingresses'],
    ['Box', 'Boxes'],
    ['Quiz', 'Quizes'],
    ['Batch', 'Batches'],
    ['Mesh', 'Meshes'],
    ['Graph', 'Graphs'],
    ['Knife', 'Knives'],
    ['Leaf', 'Leaves'],
    ['Cache', 'Caches'],
    ['HTTPClient', 'HTTPClients'],
    ['Endpoints', 'Endpoints'],
    ['X', 'X'],
    ['PolicY', 'PolicYs'], // gengo matches a lower-case y only
  ];
  it.each(cases)('%s → %s', (kind, want) => {
    expect(pluralize(kind)).toBe(want);
  });
  it('honours exceptions before rules', () => {
    expect(pluralize('Person', { Person: 'People' })).toBe('People');
    expect(resourcePlural('HTTPClient')).toBe('httpclients');
  });
  it('parses --plural-exceptions', () => {
    expect(parsePluralExceptions('Person:People, Endpoints:Endpoints')).toEqual({ Person: 'People', Endpoints: 'Endpoints' });
    expect(() => parsePluralExceptions('Person')).toThrow(/Kind:plural/);
  });
});

describe('identifiers', () => {
  const camel: [string, string][] = [
    ['Network', 'network'],
    ['HTTPClient', 'httpClient'],
    ['HTTPClients', 'httpClients'],
    ['GetScale', 'getScale'],
    ['URLs', 'urls'],
    ['ABC', 'abc'],
    ['already', 'already'],
    ['IPAddresses', 'ipAddresses'],
  ];
  it.each(camel)('lowerCamel(%s) = %s', (s, want) => expect(lowerCamel(s)).toBe(want));

  const groups: [string, string | undefined, string][] = [
    ['samplecrd.k8s.io', undefined, 'samplecrd'],
    ['ops-tools.example.com', undefined, 'opsTools'],
    ['', undefined, 'core'],
    ['apps', undefined, 'apps'],
    ['samplecrd.k8s.io', 'SampleCRD', 'sampleCRD'],
    ['3scale.net', undefined, 'g3scale'],
  ];
  it.each(groups)('groupGoName(%s, %s) = %s', (g, o, want) => expect(groupGoName(g, o)).toBe(want));
  it('builds version accessors', () => {
    expect(versionAccessor('samplecrd', 'v1')).toBe('samplecrdV1');
    expect(versionAccessor('core', 'v1')).toBe('coreV1');
    expect(versionAccessor('opsTools', 'v1beta1')).toBe('opsToolsV1beta1');
  });
});

describe('versions and DNS names', () => {
  it('sorts by Kubernetes version priority', () => {
    const given = ['v11alpha2', 'v10beta3', 'foo1', 'v1', 'v3beta1', 'v12alpha1', 'v2', 'v11beta2', 'foo10'];
    expect([...given].sort(compareVersions)).toEqual([
      'v2', 'v1', 'v11beta2', 'v10beta3', 'v3beta1', 'v12alpha1', 'v11alpha2', 'foo1', 'foo10',
    ]);
  });
  it('recognises version names', () => {
    expect(['v1', 'v1beta1', 'v2alpha3'].every(isVersionName)).toBe(true);
    expect(['v0', '1', 'v1gamma1', 'V1', 'v1beta'].some(isVersionName)).toBe(false);
  });
  it('checks DNS names', () => {
    expect(isDns1123Subdomain('ops-tools.example.com')).toBe(true);
    expect(isDns1123Subdomain('Ops.example.com')).toBe(false);
    expect(isDns1123Subdomain('a..b')).toBe(false);
    expect(isDns1035Label('networks')).toBe(true);
    expect(isDns1035Label('1networks')).toBe(false);
  });
});
