/**
 * `@campusbase/plugin-sdk/testing`: run an app against an in-memory CampusBase. The fake host
 * implements the same host protocol and the same scope checks as the runtime, so an app that
 * passes here fails in production only for reasons its tests could have seen.
 */
export {
  createFakeHost,
  DEFAULT_TEST_USER,
  type FakeHost,
  type FakeHostOptions,
  type FakeResponse,
  type RequestInit,
} from './fake-host.ts';
export type {
  FakeDirectory,
  FakeFetch,
  FakeFetchRequest,
  FakeFetchResponse,
  FakeGuardianship,
  FakeRecords,
} from './fake-capabilities.ts';
export { loadManifest } from './load.ts';
