import { z } from '@hono/zod-openapi';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import { getTenantSetting, putTenantSetting } from '../tenancy/tenancy.repository.ts';

/**
 * A tenant's security policy, in tenant_settings under `auth.policy`. ASVS and MLPS 2.0 (等保 2.0)
 * disagree on composition and rotation, so each school (or bureau) chooses.
 */
export const SecurityPolicySchema = z
  .object({
    requireMfaForAdmins: z.boolean().default(false),
    password: z
      .object({
        minLength: z.number().int().min(8).max(128).default(8),
        /** How many of lower case, upper case, digits and symbols must appear (等保 asks for 3). */
        minCharClasses: z.number().int().min(1).max(4).default(2),
        /** Days until a password must be changed; 0 means never (ASVS). */
        maxAgeDays: z.number().int().min(0).max(3650).default(0),
      })
      .default({ minLength: 8, minCharClasses: 2, maxAgeDays: 0 }),
    lockout: z
      .object({
        maxFailures: z.number().int().min(3).max(50).default(5),
        lockMinutes: z.number().int().min(1).max(1440).default(15),
      })
      .default({ maxFailures: 5, lockMinutes: 15 }),
  })
  .openapi('SecurityPolicy');

export type SecurityPolicy = z.infer<typeof SecurityPolicySchema>;

export const DEFAULT_POLICY: SecurityPolicy = SecurityPolicySchema.parse({});

/** Reads a tenant's policy; call inside `withTenant`. Missing or stale fields take defaults. */
export async function readSecurityPolicy(
  trx: Kysely<Database> | Transaction<Database>,
  tenantId: string,
): Promise<SecurityPolicy> {
  const stored = await getTenantSetting<unknown>(trx, tenantId, 'auth.policy');
  const parsed = SecurityPolicySchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : DEFAULT_POLICY;
}

export async function writeSecurityPolicy(
  trx: Kysely<Database> | Transaction<Database>,
  tenantId: string,
  policy: SecurityPolicy,
): Promise<void> {
  await putTenantSetting(trx, tenantId, 'auth.policy', policy);
}

/** The strictest of several policies: a person in two schools meets both. */
export function strictest(policies: ReadonlyArray<SecurityPolicy>): SecurityPolicy {
  return policies.reduce<SecurityPolicy>(
    (acc, p) => ({
      requireMfaForAdmins: acc.requireMfaForAdmins || p.requireMfaForAdmins,
      password: {
        minLength: Math.max(acc.password.minLength, p.password.minLength),
        minCharClasses: Math.max(acc.password.minCharClasses, p.password.minCharClasses),
        maxAgeDays:
          acc.password.maxAgeDays === 0
            ? p.password.maxAgeDays
            : p.password.maxAgeDays === 0
              ? acc.password.maxAgeDays
              : Math.min(acc.password.maxAgeDays, p.password.maxAgeDays),
      },
      lockout: {
        maxFailures: Math.min(acc.lockout.maxFailures, p.lockout.maxFailures),
        lockMinutes: Math.max(acc.lockout.lockMinutes, p.lockout.lockMinutes),
      },
    }),
    DEFAULT_POLICY,
  );
}

/** Reasons a password fails the policy, empty when it passes. */
export function passwordProblems(
  password: string,
  policy: SecurityPolicy,
): Array<{ zh: string; en: string }> {
  const problems: Array<{ zh: string; en: string }> = [];
  const { minLength, minCharClasses } = policy.password;
  if ([...password].length < minLength) {
    problems.push({
      zh: `密码至少 ${minLength} 位`,
      en: `The password needs at least ${minLength} characters`,
    });
  }
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < minCharClasses) {
    problems.push({
      zh: `密码需包含小写字母、大写字母、数字、符号中的至少 ${minCharClasses} 类`,
      en: `The password needs at least ${minCharClasses} of: lower case, upper case, digits, symbols`,
    });
  }
  if (password.length > 256) problems.push({ zh: '密码过长', en: 'The password is too long' });
  return problems;
}
