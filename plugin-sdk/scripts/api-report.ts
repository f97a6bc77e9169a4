import { fileURLToPath } from 'node:url';

export const apiReportPath = fileURLToPath(new URL('../api-report.md', import.meta.url));

export async function renderApiReport(): Promise<string> {
  return '# API report (pending)\n';
}
