// 智慧考勤's own texts, shown in the portal's locale through the SDK's label catalogue.
import { defineLabels } from '@campusbase/plugin-sdk/ui';

export const STATUSES = ['present', 'late', 'absent', 'leave'];

export const labels = defineLabels({
  'zh-CN': { present: '出勤', late: '迟到', absent: '缺勤', leave: '请假' },
  en: { present: 'Present', late: 'Late', absent: 'Absent', leave: 'On leave' },
});

/** Teachers, staff and school admins take roll call and decide leave; parents and students ask. */
export const isStaff = (user) => user.kind === 'teacher' || user.kind === 'staff' || user.isAdmin;
