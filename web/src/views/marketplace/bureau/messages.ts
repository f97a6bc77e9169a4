/** Messages of the bureau's withdraw action (kept beside the page, so the shared locale files stay untouched). */
const zh = {
  withdraw: {
    action: '撤回',
    title: '撤回{mode}',
    confirm:
      '撤回对「{name}」的{mode}？辖区学校将不再看到它；已统一部署的应用保留在学校，但不再是必装，学校可以自行停用或卸载。',
    done: '已撤回',
  },
};

export type WithdrawMessages = typeof zh;

const en: WithdrawMessages = {
  withdraw: {
    action: 'Withdraw',
    title: 'Withdraw the {mode}',
    confirm:
      'Withdraw the {mode} of “{name}”? Schools below stop seeing it; a deployed app stays installed but is no longer mandatory, so schools may switch it off or remove it.',
    done: 'Withdrawn',
  },
};

export const withdrawMessages = { 'zh-CN': zh, en };
