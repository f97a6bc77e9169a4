export { type MaintenanceSettings, platformMaintenanceJobs } from './jobs.ts';
export {
  type JobResult,
  type Maintenance,
  type MaintenanceJob,
  type RunOutcome,
  runExclusive,
  startMaintenance,
} from './scheduler.ts';
