import type { InstallableVersion } from '../install/installable.ts';
import { explainScope } from '../listing/catalogue.service.ts';
import type { MarketMessenger } from '../ports.ts';
import type { ActiveDeployment } from './deployments.ts';

type Notice = Parameters<MarketMessenger['notifySchoolAdmins']>[1];

/**
 * The in-app notice to a school's admins when a bureau's deployment (统一部署) installed an app in
 * their school: which bureau, which app, whether it is mandatory (必装), and the permissions the
 * bureau agreed to on the school's behalf, in plain words. One per installation (the key).
 *
 * @example
 * deploymentNotice(deployment, '南宁市青秀区教育局', version, installationId).title
 * // '南宁市青秀区教育局统一部署了「智慧考勤」'
 */
export function deploymentNotice(
  deployment: Pick<ActiveDeployment, 'pickId' | 'appId' | 'mandatory' | 'approvedScopes'>,
  bureauName: string,
  version: Pick<InstallableVersion, 'version' | 'scopes' | 'manifest'>,
  installationId: string,
): Notice {
  const name = (version.manifest as { name?: { zh?: string; en?: string } }).name;
  const zhName = name?.zh ?? deployment.appId;
  const enName = name?.en ?? deployment.appId;
  const scopes = deployment.approvedScopes.filter((s) => version.scopes.includes(s)).map(explainScope);
  const zhScopes = scopes.length > 0 ? scopes.map((s) => s.title.zh).join('、') : '无';
  const enScopes = scopes.length > 0 ? scopes.map((s) => s.title.en).join(', ') : 'none';
  return {
    title: `${bureauName}统一部署了「${zhName}」`,
    body: [
      `${bureauName}已为本校安装「${zhName}」${version.version} 版，现已启用，教师和学生可在工作台使用。`,
      deployment.mandatory
        ? '该应用为必装应用，学校不能卸载或停用。'
        : '该应用不是必装应用，学校可在“应用市场 › 本校已安装”中停用或卸载。',
      `教育局代表学校同意的权限：${zhScopes}。如有疑问请联系${bureauName}。`,
    ].join(''),
    en: {
      title: `${bureauName} deployed "${enName}" to your school`,
      body: [
        `${bureauName} installed "${enName}" ${version.version} for your school; it is enabled for teachers and students.`,
        deployment.mandatory
          ? ' It is mandatory: the school cannot remove or disable it.'
          : ' It is not mandatory: you may disable or remove it under Marketplace › Installed.',
        ` Permissions the bureau agreed to for the school: ${enScopes}. Questions go to ${bureauName}.`,
      ].join(''),
    },
    link: `/marketplace/apps/${deployment.appId}`,
    key: `marketplace:deployed:${deployment.pickId}:${installationId}`,
    priority: deployment.mandatory ? 'high' : 'normal',
    category: 'notice',
  };
}
