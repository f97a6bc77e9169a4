import { defineApp } from '@campusbase/plugin-sdk';
import { checkAbsences } from './absence.ts';
import { deleteCard, importCards, listCards, listChildren, listClasses } from './cards.ts';
import { decideLeave, listLeaves, requestLeave } from './leaves.ts';
import { sendPending } from './outbox.ts';
import { dailyReport, weeklyReport } from './reports.ts';
import { rollCallSheet, saveRollCall } from './rollcall.ts';
import { onSwipes } from './swipes.ts';
import type { AttendanceTypes } from './types.ts';

/** 智慧考勤: the handlers of every route, event and job declared in campusbase.app.json. */
export default defineApp<AttendanceTypes>({
  routes: {
    'GET /classes': listClasses,
    'GET /cards': listCards,
    'PUT /cards': importCards,
    'DELETE /cards/:cardNo': deleteCard,
    'GET /children': listChildren,
    'GET /rollcall': rollCallSheet,
    'POST /rollcall': saveRollCall,
    'GET /leaves': listLeaves,
    'POST /leaves': requestLeave,
    'POST /leaves/:id/decision': decideLeave,
    'GET /reports/daily': dailyReport,
    'GET /reports/weekly': weeklyReport,
  },
  events: { 'iot:gate.swipe': onSwipes },
  jobs: { notify: sendPending, 'absence-check': checkAbsences },
});
