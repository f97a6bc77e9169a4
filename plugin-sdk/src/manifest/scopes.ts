import type { AppText } from './types.ts';

/**
 * The scopes an app may ask for. A school admin approves them on the consent screen, where each is
 * shown with its plain zh-CN explanation and risk level. The host (and the fake host in tests)
 * checks every capability call against the approved set with `requireScope` in `grant.ts`.
 */
export type ScopeRisk = 'low' | 'medium' | 'high';

export interface ScopeTemplate {
  /** `org:read`, or a family with a parameter: `iot:events:<type>`. */
  readonly pattern: string;
  /** What the parameter is (absent for fixed scopes). */
  readonly parameter?: 'deviceType' | 'host' | 'collection';
  readonly risk: ScopeRisk;
  readonly title: AppText;
  /** `{param}` is replaced with the scope's parameter. */
  readonly explanation: AppText;
}

export const SCOPE_CATALOGUE: ReadonlyArray<ScopeTemplate> = [
  {
    pattern: 'org:read',
    risk: 'low',
    title: { zh: '读取组织架构', en: 'Read the organisation' },
    explanation: {
      zh: '查看本校的校区、年级、班级和部门名称及层级，不包含任何个人信息。',
      en: "See the school's campuses, grades, classes and departments; no personal data.",
    },
  },
  {
    pattern: 'people:read:basic',
    risk: 'medium',
    title: { zh: '读取师生基本信息', en: 'Read basic personal data' },
    explanation: {
      zh: '查看师生的姓名、身份（学生/教师/职工/家长）和所属班级或部门，不包含手机号等联系方式。',
      en: 'See names, roles (student/teacher/staff/guardian) and classes or departments; no contact details.',
    },
  },
  {
    pattern: 'people:read:contact',
    risk: 'high',
    title: { zh: '读取联系方式', en: 'Read contact details' },
    explanation: {
      zh: '查看师生和家长的手机号和电子邮箱。属于个人敏感信息，请确认应用确有需要。',
      en: 'See phone numbers and e-mail addresses. This is sensitive personal data; approve only if needed.',
    },
  },
  {
    pattern: 'people:read:guardians',
    risk: 'medium',
    title: { zh: '读取学生的家长', en: "Read students' guardians" },
    explanation: {
      zh: '查看本校学生登记的家长（监护人）姓名和与学生的关系，以及家长是否留有可接收短信的手机号（不提供号码本身），用于给家长发送通知。',
      en: "See the guardians recorded for the school's students: name, relation, and whether they can receive SMS (never the number itself), to send them notices.",
    },
  },
  {
    pattern: 'messages:send',
    risk: 'medium',
    title: { zh: '发送消息', en: 'Send messages' },
    explanation: {
      zh: '以本应用的名义通过消息中心向师生和家长发送通知。',
      en: "Send notices to staff, students and guardians through the message centre, in the app's name.",
    },
  },
  {
    pattern: 'iot:events:<type>',
    parameter: 'deviceType',
    risk: 'medium',
    title: { zh: '接收设备事件', en: 'Receive device events' },
    explanation: {
      zh: '接收「{param}」类设备上报的事件（例如刷卡、告警），其中可能包含刷卡人信息。',
      en: 'Receive events reported by "{param}" devices (such as swipes or alarms), which may name a person.',
    },
  },
  {
    pattern: 'iot:commands:<type>',
    parameter: 'deviceType',
    risk: 'high',
    title: { zh: '控制设备', en: 'Control devices' },
    explanation: {
      zh: '向本校「{param}」类设备下发指令（例如显示内容、开关门）。',
      en: 'Send commands to the school\'s "{param}" devices (such as showing content or opening doors).',
    },
  },
  {
    pattern: 'http:fetch:<host>',
    parameter: 'host',
    risk: 'high',
    title: { zh: '访问外部网站', en: 'Reach an outside website' },
    explanation: {
      zh: '通过 HTTPS 访问校外网站 {param}。应用可能把数据发送到校外，请确认该网站可信。',
      en: 'Call the outside website {param} over HTTPS. Data may leave the school; approve only a trusted site.',
    },
  },
  {
    pattern: 'collections:<name>',
    parameter: 'collection',
    risk: 'low',
    title: { zh: '保存应用数据', en: 'Store app data' },
    explanation: {
      zh: '在平台内保存本应用自己的数据「{param}」，数据只属于本校，卸载后按规定保留并可导出。',
      en: 'Keep the app\'s own data "{param}" on the platform, for this school only; kept and exportable after uninstall.',
    },
  },
];

const parameterPatterns = {
  deviceType: /^[a-z0-9][a-z0-9._-]{0,63}$/,
  // Public host names only (at least one dot), optionally `*.` for every subdomain; no ports, no IPs.
  host: /^(\*\.)?(?!\d+\.\d+\.\d+\.\d+$)[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?)+$/,
  collection: /^[a-z][a-z0-9_]{0,62}$/,
} as const;

export interface ParsedScope {
  readonly scope: string;
  readonly template: ScopeTemplate;
  readonly parameter: string | undefined;
}

/** Parses a scope string; `null` when it is not in the catalogue or its parameter is malformed. */
export function parseScope(scope: string): ParsedScope | null {
  for (const template of SCOPE_CATALOGUE) {
    if (template.parameter === undefined) {
      if (scope === template.pattern) return { scope, template, parameter: undefined };
      continue;
    }
    const prefix = template.pattern.slice(0, template.pattern.lastIndexOf(':') + 1);
    if (!scope.startsWith(prefix)) continue;
    const parameter = scope.slice(prefix.length);
    return parameterPatterns[template.parameter].test(parameter) ? { scope, template, parameter } : null;
  }
  return null;
}

export interface ScopeDescription {
  readonly scope: string;
  readonly risk: ScopeRisk;
  readonly title: AppText;
  readonly explanation: AppText;
}

/**
 * The text for the consent screen.
 *
 * @example
 * describeScope('http:fetch:api.weather.cn').explanation.zh
 * // '通过 HTTPS 访问校外网站 api.weather.cn。…'
 */
export function describeScope(scope: string): ScopeDescription | null {
  const parsed = parseScope(scope);
  if (!parsed) return null;
  const fill = (text: string) => text.replaceAll('{param}', parsed.parameter ?? '');
  const { template } = parsed;
  return {
    scope,
    risk: template.risk,
    title: template.title,
    explanation: { zh: fill(template.explanation.zh), en: fill(template.explanation.en) },
  };
}

/** Whether one granted scope covers a required one; `http:fetch:*.a.cn` covers `http:fetch:x.a.cn`. */
export function scopeCovers(granted: string, required: string): boolean {
  if (granted === required) return true;
  const wildcard = 'http:fetch:*.';
  if (!granted.startsWith(wildcard) || !required.startsWith('http:fetch:')) return false;
  const suffix = granted.slice(wildcard.length - 1);
  const host = required.slice('http:fetch:'.length);
  return host.endsWith(suffix) && host.length > suffix.length && !host.startsWith('*.');
}

const riskOrder: Record<ScopeRisk, number> = { low: 0, medium: 1, high: 2 };

/** The highest risk among the scopes, for the marketplace's summary badge. */
export function highestRisk(scopes: Iterable<string>): ScopeRisk {
  let highest: ScopeRisk = 'low';
  for (const scope of scopes) {
    const risk = parseScope(scope)?.template.risk ?? 'high';
    if (riskOrder[risk] > riskOrder[highest]) highest = risk;
  }
  return highest;
}
