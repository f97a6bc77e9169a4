import type { AppDescription } from '../app/types.ts';
import { issue, type ManifestIssue, pointerOf } from '../manifest/issues.ts';
import type { AppManifest } from '../manifest/types.ts';

function compare(
  kind: string,
  declared: ReadonlyArray<string>,
  implemented: ReadonlyArray<string>,
  pointerFor: (index: number) => string,
): ManifestIssue[] {
  const issues: ManifestIssue[] = [];
  declared.forEach((key, index) => {
    if (!implemented.includes(key)) {
      issues.push(
        issue(
          pointerFor(index),
          `服务端代码缺少 ${kind} "${key}" 的处理函数`,
          `the server code has no handler for ${kind} "${key}"`,
        ),
      );
    }
  });
  for (const key of implemented) {
    if (!declared.includes(key)) {
      issues.push(
        issue(
          `/${kind}`,
          `服务端代码实现了未在清单中声明的 ${kind} "${key}"`,
          `the server code handles ${kind} "${key}", which the manifest does not declare`,
        ),
      );
    }
  }
  return issues;
}

/**
 * Compares a loaded bundle's `describe()` with its manifest. The host refuses to run an app with
 * any issue here; `campusbase-app build` and the fake host report the same issues earlier.
 */
export function checkAppDescription(description: AppDescription, manifest: AppManifest): ManifestIssue[] {
  return [
    ...compare(
      'routes',
      (manifest.routes ?? []).map((route) => `${route.method} ${route.path}`),
      description.routes,
      (index) => pointerOf('routes', index),
    ),
    ...compare(
      'events',
      (manifest.events ?? []).map((event) => event.type),
      description.events,
      (index) => pointerOf('events', index, 'type'),
    ),
    ...compare(
      'jobs',
      (manifest.jobs ?? []).map((job) => job.name),
      description.jobs,
      (index) => pointerOf('jobs', index, 'name'),
    ),
    ...compare('hooks', manifest.hooks ?? [], description.hooks, (index) => pointerOf('hooks', index)),
  ];
}
