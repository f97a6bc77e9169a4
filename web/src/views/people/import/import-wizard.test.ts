import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImportJob, ImportReport } from '../../../api/people-import.ts';
import { fakeApi } from '../../../test-api.ts';
import { mountPortal, settle } from '../../../test-utils.ts';
import ImportWizard from './index.vue';

const jobId = '7f0c1d2e-3b4a-4c5d-8e9f-a0b1c2d3e4f5';
const badPhone = {
  line: 4,
  column: '家长手机',
  value: '1390771',
  severity: 'error' as const,
  code: 'invalid_phone',
  message: {
    zh: '家长手机号码格式不正确，应为 11 位手机号',
    en: 'The guardian phone must be an 11-digit mobile number',
  },
};

function report(overrides: Partial<ImportReport> = {}): ImportReport {
  return {
    totalRows: 5,
    validRows: 4,
    errorRows: 1,
    created: 4,
    updated: 0,
    unchanged: 0,
    errorLines: [4],
    issues: [badPhone],
    issuesTruncated: false,
    ...overrides,
  };
}

function job(overrides: Partial<ImportJob>): ImportJob {
  return {
    id: jobId,
    kind: 'students',
    format: 'xlsx',
    fileName: '一年级新生.xlsx',
    status: 'validating',
    mode: null,
    processed: 0,
    total: 5,
    report: null,
    error: null,
    createdAt: '2026-11-21T08:00:00.000Z',
    ...overrides,
  };
}

/** The server's side: each poll moves the job one step along the given states. */
function platform(states: { afterUpload: ImportJob[]; afterCommit: ImportJob[] }) {
  let queue: ImportJob[] = [];
  return fakeApi({
    'POST /api/v1/people-import/jobs': () => {
      queue = [...states.afterUpload];
      return new Response(JSON.stringify(job({ status: 'uploaded' })), {
        status: 202,
        headers: { 'content-type': 'application/json' },
      });
    },
    [`GET /api/v1/people-import/jobs/${jobId}`]: () => (queue.length > 1 ? queue.shift() : queue[0]),
    [`POST /api/v1/people-import/jobs/${jobId}/commit`]: ({ body }) => {
      queue = [...states.afterCommit];
      return job({ status: 'importing', mode: (body as { mode: 'all' }).mode, processed: 0 });
    },
  });
}

async function upload(wrapper: Awaited<ReturnType<typeof mountPortal>>, name: string) {
  const input = wrapper.get('[data-test="import-file"]');
  const file = new File(['学号,姓名'], name, {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  });
  Object.defineProperty(input.element, 'files', { value: [file], configurable: true });
  await input.trigger('change');
}

const validated = (r: ImportReport) => job({ status: 'validated', processed: 5, report: r });

beforeEach(() => localStorage.clear());
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('the import wizard', () => {
  it('uploads the roster, shows the check’s progress, then flags the bad row and why', async () => {
    const server = platform({ afterUpload: [job({ processed: 2 }), validated(report())], afterCommit: [] });
    const wrapper = await mountPortal(ImportWizard);
    await upload(wrapper, '一年级新生.xlsx');
    await vi.waitFor(() => expect(wrapper.find('[data-test="import-progress"]').exists()).toBe(true));
    const sent = server.calls.find((c) => c.method === 'POST')!;
    expect(sent.query.get('kind')).toBe('students');
    expect(sent.query.get('fileName')).toBe('一年级新生.xlsx');
    expect((sent.raw as FormData).get('file')).toBeInstanceOf(File);

    await vi.waitFor(() => expect(wrapper.find('[data-test="report-issues"]').exists()).toBe(true), {
      timeout: 3000,
    });
    expect(wrapper.get('[data-test="report-error-rows"]').text()).toBe('1');
    const bad = wrapper.findAll('[data-test="report-issues"] tr.cb-report__bad');
    expect(bad).toHaveLength(1);
    expect(bad[0]!.text()).toContain('4');
    expect(bad[0]!.text()).toContain('家长手机号码格式不正确');
    expect(bad[0]!.text()).toContain('1390771');
    expect(wrapper.get('[data-test="report-fix-hint"]').text()).toContain('第 4 行');
    expect(wrapper.get('[data-test="import-all"]').attributes('disabled')).toBeDefined();
  });

  it('takes the fixed file, imports everything with a progress bar and shows the result', async () => {
    platform({
      afterUpload: [validated(report())],
      afterCommit: [],
    });
    const wrapper = await mountPortal(ImportWizard);
    await upload(wrapper, '一年级新生.xlsx');
    await vi.waitFor(() => expect(wrapper.find('[data-test="import-restart"]').exists()).toBe(true), {
      timeout: 3000,
    });
    await wrapper.get('[data-test="import-restart"]').trigger('click');
    await settle();

    const fixed = report({ validRows: 5, errorRows: 0, created: 5, errorLines: [], issues: [] });
    const server = platform({
      afterUpload: [validated(fixed)],
      afterCommit: [
        job({ status: 'importing', mode: 'all', processed: 3 }),
        job({ status: 'done', mode: 'all', processed: 5, report: fixed }),
      ],
    });
    await upload(wrapper, '一年级新生（已修改）.xlsx');
    await vi.waitFor(() => expect(wrapper.find('[data-test="import-all"]').exists()).toBe(true), {
      timeout: 3000,
    });
    expect(wrapper.find('[data-test="report-issues"]').exists()).toBe(false);
    await wrapper.get('[data-test="import-all"]').trigger('click');
    await vi.waitFor(() => expect(wrapper.find('[data-test="import-progress"]').exists()).toBe(true));
    await vi.waitFor(() => expect(wrapper.find('[data-test="import-done"]').exists()).toBe(true), {
      timeout: 3000,
    });
    expect(wrapper.get('[data-test="import-done"]').text()).toContain('新增 5 人');
    expect(server.calls.find((c) => c.path.endsWith('/commit'))?.body).toEqual({ mode: 'all' });
  });

  it('can import only the valid rows', async () => {
    const server = platform({
      afterUpload: [validated(report())],
      afterCommit: [job({ status: 'done', mode: 'valid_only', processed: 5, report: report() })],
    });
    const wrapper = await mountPortal(ImportWizard);
    await upload(wrapper, 'roster.xlsx');
    await vi.waitFor(() => expect(wrapper.find('[data-test="import-valid-only"]').exists()).toBe(true), {
      timeout: 3000,
    });
    expect(wrapper.get('[data-test="import-valid-only"]').text()).toContain('只导入正确的 4 行');
    await wrapper.get('[data-test="import-valid-only"]').trigger('click');
    await vi.waitFor(() => expect(wrapper.find('[data-test="import-done"]').exists()).toBe(true), {
      timeout: 3000,
    });
    expect(server.calls.find((c) => c.path.endsWith('/commit'))?.body).toEqual({ mode: 'valid_only' });
    expect(wrapper.get('[data-test="import-done"]').text()).toContain('跳过 1 行');
  });

  it('says what is wrong when the file is not a roster', async () => {
    fakeApi({
      'POST /api/v1/people-import/jobs': () =>
        Response.json(
          { error: { code: 'invalid_input', message: '无法识别的文件：请上传 .xlsx 或 .csv 花名册' } },
          { status: 400 },
        ),
    });
    const wrapper = await mountPortal(ImportWizard);
    await upload(wrapper, 'photo.jpg');
    await vi.waitFor(() => expect(wrapper.find('[data-test="upload-error"]').exists()).toBe(true));
    expect(wrapper.get('[data-test="upload-error"]').text()).toContain('无法识别的文件');
  });
});
