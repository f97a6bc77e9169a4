import { onScopeDispose, ref } from 'vue';
import { getImportJob, type ImportJob } from '../../../api/people-import.ts';

const busy = new Set<ImportJob['status']>(['uploaded', 'validating', 'importing']);

/**
 * Follows an import job by polling `GET /api/v1/people-import/jobs/{id}` until it stops moving
 * (validated, done or failed).
 *
 * @example
 * const job = useImportJob(); job.follow(uploaded); // job.current.value updates every interval
 */
export function useImportJob(intervalMs = 500) {
  const current = ref<ImportJob | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;

  function stop() {
    clearTimeout(timer);
    timer = undefined;
  }

  function follow(job: ImportJob): Promise<ImportJob> {
    stop();
    current.value = job;
    return new Promise((resolve, reject) => {
      const tick = async () => {
        if (!current.value || !busy.has(current.value.status)) return resolve(current.value!);
        timer = setTimeout(async () => {
          try {
            current.value = await getImportJob(job.id);
            await tick();
          } catch (error) {
            reject(error);
          }
        }, intervalMs);
      };
      void tick();
    });
  }

  onScopeDispose(stop);
  return { current, follow, stop };
}
