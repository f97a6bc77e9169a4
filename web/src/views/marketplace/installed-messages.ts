/** Messages of 本校已安装 for apps a bureau deployed as mandatory (kept beside the page). */
const zh = {
  locked: {
    tooltip: '由教育局统一部署，学校不能卸载或停用',
    by: '部署单位：{bureau}',
  },
};

export type InstalledMessages = typeof zh;

const en: InstalledMessages = {
  locked: {
    tooltip: 'Deployed by the education bureau; the school cannot uninstall or disable it',
    by: 'Deployed by: {bureau}',
  },
};

export const installedMessages = { 'zh-CN': zh, en };
