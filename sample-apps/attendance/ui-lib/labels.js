export const STATUS = { present: '出勤', late: '迟到', absent: '缺勤', leave: '请假' };
