/** Messages of the bureau's adoption panel (kept beside it, so the shared locale files stay untouched). */
const zh = {
  adoption: {
    title: '应用使用与设备健康',
    totals:
      '已启用应用 {apps} 个；设备 {total} 台，在线 {online} 台，离线 {offline} 台，未处理告警 {alarms} 条',
    school: '学校',
    apps: '已启用应用',
    devices: '设备总数',
    online: '在线',
    offline: '离线',
    rate: '在线率',
    alarms: '未处理告警',
    noDevices: '无设备',
    empty: '辖区内还没有学校',
    failed: '数据加载失败：{message}',
  },
};

export type AdoptionMessages = typeof zh;

const en: AdoptionMessages = {
  adoption: {
    title: 'App adoption and device health',
    totals: '{apps} apps enabled; {total} devices, {online} online, {offline} offline, {alarms} open alarms',
    school: 'School',
    apps: 'Apps enabled',
    devices: 'Devices',
    online: 'Online',
    offline: 'Offline',
    rate: 'Online rate',
    alarms: 'Open alarms',
    noDevices: 'No devices',
    empty: 'No schools below this bureau yet',
    failed: 'Could not load: {message}',
  },
};

export const adoptionMessages = { 'zh-CN': zh, en };
