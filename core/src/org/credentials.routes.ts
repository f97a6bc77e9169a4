import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { errors, json } from '../auth/auth.schemas.ts';
import { hashPassword, temporaryPassword } from '../auth/password.ts';
import { readSecurityPolicy } from '../auth/policy.ts';
import { deleteSessionsOfPerson } from '../auth/sessions.repository.ts';
import type { AppEnv } from '../http/types.ts';
import type { Person } from '../identity/identity.table.ts';
import { auditedChange } from './admin-action.ts';
import { assertMayManageAccount } from './person-guard.ts';

const tags = ['People'];
const PersonParam = z.object({ personId: z.uuid().openapi({ param: { name: 'personId', in: 'path' } }) });

const resetPassword = createRoute({
  method: 'post',
  path: '/api/v1/people/{personId}/password-reset',
  tags,
  summary: 'Set a temporary password that must be changed at the next login; ends the person’s sessions',
  description:
    'Needs credentials:reset over each of the person’s units and every permission the person holds here. ' +
    'Refused for people who also belong to another school or bureau (they log in by SMS code instead).',
  request: { params: PersonParam },
  responses: {
    200: json(
      z
        .object({
          temporaryPassword: z
            .string()
            .openapi({ description: 'Shown once; give it to the person in person' }),
          sessionsEnded: z.number(),
        })
        .openapi('PasswordReset'),
      'Reset',
    ),
    ...errors(401, 403, 404, 429),
  },
});

const resetMfa = createRoute({
  method: 'delete',
  path: '/api/v1/people/{personId}/mfa',
  tags,
  summary: 'Remove the person’s authenticator and recovery codes (lost phone); ends their sessions',
  request: { params: PersonParam },
  responses: {
    200: json(z.object({ removed: z.boolean(), sessionsEnded: z.number() }), 'Removed'),
    ...errors(401, 403, 404),
  },
});

/** Lockout counters keyed by what a person could type (throttle.ts), cleared when an admin resets them. */
function loginThrottleKeys(person: Person): string[] {
  const keys = [`mfa:person:${person.id}`];
  if (person.phone) keys.push(`login:id:phone:${person.phone}`, `sms:verify:phone:${person.phone}`);
  if (person.email) keys.push(`login:id:email:${person.email.toLowerCase()}`);
  if (person.username) keys.push(`login:id:username:${person.username.toLowerCase()}`);
  return keys;
}

export function credentialsRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(resetPassword, async (c) => {
    const { personId } = c.req.valid('param');
    const identity = c.get('identity');
    const result = await auditedChange(c, 'people.password.reset', async (trx, me) => {
      await assertMayManageAccount(trx, identity.db, me, personId, {
        permission: 'credentials:reset',
        soleSchool: true,
      });
      const policy = await readSecurityPolicy(trx, me.activeTenantId);
      const password = temporaryPassword(Math.max(12, policy.password.minLength));
      const person = await trx
        .updateTable('persons')
        .set({
          password_hash: await hashPassword(password),
          password_changed_at: new Date(),
          password_must_change: true,
          updated_at: new Date(),
        })
        .where('id', '=', personId)
        .returningAll()
        .executeTakeFirstOrThrow();
      const sessionsEnded = await deleteSessionsOfPerson(trx, personId);
      await trx.deleteFrom('auth_throttle').where('key', 'in', loginThrottleKeys(person)).execute();
      return {
        value: { temporaryPassword: password, sessionsEnded },
        targetType: 'person',
        targetId: personId,
        details: { sessionsEnded, mustChange: true },
      };
    });
    // Deleted inside the transaction: this node forgets them now, the others on the commit NOTIFY.
    identity.sessions.forgetPersons([personId]);
    return c.json(result, 200);
  });

  app.openapi(resetMfa, async (c) => {
    const { personId } = c.req.valid('param');
    const identity = c.get('identity');
    const result = await auditedChange(c, 'auth.mfa.reset', async (trx, me) => {
      await assertMayManageAccount(trx, identity.db, me, personId, {
        permission: 'credentials:reset',
        soleSchool: true,
      });
      await trx.deleteFrom('mfa_recovery_codes').where('person_id', '=', personId).execute();
      const removed = await trx.deleteFrom('mfa_totp').where('person_id', '=', personId).executeTakeFirst();
      // The sessions proved a factor that no longer exists: log in again (and enrol again).
      const sessionsEnded = await deleteSessionsOfPerson(trx, personId);
      const value = { removed: Number(removed.numDeletedRows) > 0, sessionsEnded };
      return { value, targetType: 'person', targetId: personId, details: value };
    });
    identity.sessions.forgetPersons([personId]);
    return c.json(result, 200);
  });
}
