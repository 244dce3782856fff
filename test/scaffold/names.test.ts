import { describe, expect, it } from 'vitest';
import {
  checkDomain,
  checkPackageName,
  checkResourceArgs,
  packageNameForDir,
  projectNameOf,
  resourceNames,
  ScaffoldInputError,
} from '../../src/scaffold/index.js';

describe('resourceNames', () => {
  it.each([
    [
      'a namespaced kind',
      { given: { group: 'batch', version: 'v1', kind: 'CronJob', domain: 'example.com', namespaced: true } },
      {
        groupName: 'batch.example.com',
        kindLower: 'cronjob',
        plural: 'CronJobs',
        resource: 'cronjobs',
        accessor: 'cronJobs',
        groupAccessor: 'batch',
        versionAccessor: 'v1',
        clientAccessor: 'batchV1',
        typesFile: 'apis/batch/v1/cronjob_types.ts',
        docFile: 'apis/batch/v1/doc.ts',
        sampleFile: 'config/samples/batch_v1_cronjob.yaml',
        crdResource: 'bases/batch.example.com_cronjobs.yaml',
        controllerFile: 'src/controllers/cronjob_controller.ts',
        controllerTestFile: 'test/controllers/cronjob_controller.test.ts',
        controllerClass: 'CronJobController',
        fieldManagerConst: 'CRON_JOB_FIELD_MANAGER',
        namespaced: true,
      },
    ],
    [
      'a dashed group, an irregular plural, an acronym',
      { given: { group: 'ops-tools', version: 'v1beta1', kind: 'HTTPPolicy', domain: 'acme.io', namespaced: false } },
      {
        groupName: 'ops-tools.acme.io',
        plural: 'HTTPPolicies',
        resource: 'httppolicies',
        accessor: 'httpPolicies',
        groupAccessor: 'opsTools',
        versionAccessor: 'v1beta1',
        clientAccessor: 'opsToolsV1beta1',
        sampleFile: 'config/samples/ops-tools_v1beta1_httppolicy.yaml',
        fieldManagerConst: 'HTTPPOLICY_FIELD_MANAGER',
        namespaced: false,
      },
    ],
  ])('%s', (_name, { given }, want) => {
    expect(resourceNames(given)).toMatchObject(want);
  });
});

describe('input checks', () => {
  const ok = { group: 'batch', version: 'v1', kind: 'CronJob', domain: 'example.com', namespaced: true };
  it.each([
    ['a group with the domain', { ...ok, group: 'batch.example.com' }, /--group "batch.example.com" must be a lower-case DNS label \(give only the group's first label: .* --group batch makes batch.example.com\)/],
    ['an upper-case group', { ...ok, group: 'Batch' }, /--group "Batch" must be a lower-case DNS label, e.g. --group batch/],
    ['a version that is not one', { ...ok, version: '1' }, /--version "1" is not a Kubernetes API version/],
    ['a lower-case kind', { ...ok, kind: 'cronJob' }, /--kind "cronJob" must be an UpperCamelCase identifier/],
    ['a kind with a dash', { ...ok, kind: 'Cron-Job' }, /must be an UpperCamelCase identifier/],
    ['a list kind', { ...ok, kind: 'CronJobList' }, /ends in "List"/],
    ['a kind too long for a resource name', { ...ok, kind: 'A' + 'b'.repeat(70) }, /must be at most 63 characters/],
  ])('refuses %s', (_name, given, want) => {
    expect(() => checkResourceArgs(given)).toThrow(ScaffoldInputError);
    expect(() => checkResourceArgs(given)).toThrow(want);
  });

  it('accepts good arguments', () => {
    expect(() => checkResourceArgs(ok)).not.toThrow();
  });

  it.each([['example.com'], ['apps.internal.acme.io']])('accepts the domain %s', (d) => {
    expect(() => checkDomain(d)).not.toThrow();
  });
  it.each([['example'], ['Example.com'], ['exa_mple.com'], ['']])('refuses the domain %j', (d) => {
    expect(() => checkDomain(d)).toThrow(/is not a DNS domain: .* e.g. --domain example.com/);
  });

  it.each([['my-operator'], ['@acme/operator'], ['op.v2']])('accepts the package name %s', (n) => {
    expect(() => checkPackageName(n)).not.toThrow();
  });
  it.each([['My-Operator'], ['has space'], ['@acme'], ['-dash']])('refuses the package name %j', (n) => {
    expect(() => checkPackageName(n)).toThrow(/is not a valid npm package name/);
  });

  it.each([
    ['@acme/cron-operator', 'cron-operator'],
    ['op.v2', 'op-v2'],
    ['9lives', 'op-9lives'],
    ['___', 'operator'],
  ])('projectNameOf(%s) = %s', (given, want) => {
    expect(projectNameOf(given)).toBe(want);
  });

  it.each([
    ['Acme Operator', 'acme-operator'],
    ['.hidden', 'hidden'],
    ['!!!', 'operator'],
  ])('packageNameForDir(%j) = %s', (given, want) => {
    expect(packageNameForDir(given)).toBe(want);
  });
});
