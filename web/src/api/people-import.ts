import { api, request } from './client.ts';
import type { components, paths } from './openapi.gen.ts';

export type ImportJob = components['schemas']['ImportJob'];
export type ImportReport = NonNullable<components['schemas']['ImportReport']>;
export type ImportIssue = ImportReport['issues'][number];
export type ImportKind = ImportJob['kind'];

const jobsPath: keyof paths = '/api/v1/people-import/jobs';

/** Uploads a roster as multipart/form-data; the server starts the dry run at once. */
export const uploadRoster = (file: File, kind: ImportKind) => {
  const form = new FormData();
  form.append('file', file, file.name);
  return request<ImportJob>('POST', jobsPath, { query: { kind, fileName: file.name }, body: form });
};
export const getImportJob = (id: string) => api.get('/api/v1/people-import/jobs/{id}', { path: { id } });
export const commitImport = (id: string, mode: 'all' | 'valid_only') =>
  api.post('/api/v1/people-import/jobs/{id}/commit', { path: { id }, body: { mode } });
export const templateUrl = (kind: ImportKind) => `/api/v1/people-import/template?kind=${kind}&format=xlsx`;
export const exportUrl = (kind: ImportKind) => `/api/v1/people-import/export?kind=${kind}&format=xlsx`;
