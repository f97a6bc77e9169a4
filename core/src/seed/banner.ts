/** Demo logins that domains add as they seed people; printed by `campusbase start`. */
export const demoLogins: Array<{ role: string; login: string; password: string }> = [];

export function demoBanner(): string {
  if (demoLogins.length === 0) return '';
  const lines = demoLogins.map((l) => `    ${l.role.padEnd(14)} ${l.login.padEnd(28)} ${l.password}`);
  return `  演示账号 Demo logins:\n${lines.join('\n')}\n`;
}
