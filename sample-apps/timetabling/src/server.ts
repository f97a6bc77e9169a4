import { defineApp } from '@campusbase/plugin-sdk';
import { moveLesson } from './adjust.ts';
import { exportTimetable, publishTimetable } from './publish.ts';
import { addSetup, deleteSetup, getSetup, importFromPlatform, loadDemo, replaceSetup } from './setup.ts';
import {
  createTimetable,
  listTimetables,
  solveInBackground,
  solveTimetable,
  viewTimetable,
} from './timetables.ts';
import type { TimetablingTypes } from './types.ts';

/** 智能排课: the handlers of every route and job declared in campusbase.app.json. */
export default defineApp<TimetablingTypes>({
  routes: {
    'GET /setup': getSetup,
    'POST /import': importFromPlatform,
    'POST /demo': loadDemo,
    'POST /setup/:kind': addSetup,
    'PUT /setup/:kind/:id': replaceSetup,
    'DELETE /setup/:kind/:id': deleteSetup,
    'GET /timetables': listTimetables,
    'POST /timetables': createTimetable,
    'GET /timetables/:id': viewTimetable,
    'POST /timetables/:id/solve': solveTimetable,
    'POST /timetables/:id/move': moveLesson,
    'POST /timetables/:id/publish': publishTimetable,
    'GET /timetables/:id/export': exportTimetable,
  },
  jobs: { solve: solveInBackground },
});
