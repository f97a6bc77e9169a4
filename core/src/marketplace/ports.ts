import type {
  Caller,
  MarketAudit,
  MarketDatabase,
  MarketMessenger,
  MarketTenants,
  MarketplaceTables,
} from '@campusbase/marketplace';
import type { Context } from 'hono';
import type { Kysely, Transaction } from 'kysely';
import { appendAudit, platformTenant } from '../audit/audit.service.ts';
import { requirePrincipal } from '../auth/principal.ts';
import type { Databases } from '../db/index.ts';
import { withTenant } from '../db/tenant-scope.ts';
import type { AppEnv } from '../http/types.ts';
import type { Logger } from '../logger.ts';
import { resolveAudience } from '../messages/audience.ts';
import type { MessageCentre } from '../messages/index.ts';
import { render } from '../messages/render.ts';

type MarketTrx = Transaction<MarketplaceTables>;

export function marketDatabase(db: Pick<Databases, 'app' | 'owner'>): MarketDatabase {
  return {
    app: db.app as unknown as Kysely<MarketplaceTables>,
    owner: db.owner as unknown as Kysely<MarketplaceTables>,
    withTenant: (tenantId, work) => withTenant(db.app, tenantId, (trx) => work(trx as unknown as MarketTrx)),
    acrossTenants: (tenantIds, work) =>
      db.app.transaction().execute(async (trx) => {
        // Each school's rows are written under that school's own scope (SET LOCAL, re-set per school).
        for (const tenantId of tenantIds)
          await withTenant(trx, tenantId, (scoped) => work(scoped as unknown as MarketTrx, tenantId));
      }),
  };
}

/** Marketplace events go to the hash-chained audit log: the school's, or the platform's own. */
export function marketAudit(db: Pick<Databases, 'app'>, logger: Logger): MarketAudit {
  return {
    async record(entry) {
      const tenantId = entry.tenantId ?? (await platformTenant(db.app));
      if (!tenantId) {
        logger.info({ audit: entry }, `audit ${entry.action} ${entry.result}`);
        return;
      }
      await appendAudit(db.app, {
        tenantId,
        actorPersonId: entry.actorPersonId,
        action: entry.action,
        targetType: entry.targetType,
        targetId: entry.targetId,
        result: entry.result,
        details: entry.details ?? {},
      });
    },
  };
}

/** Notices to school admins through the message centre; logged when the centre is not running. */
export function marketMessenger(
  db: Pick<Databases, 'app'>,
  messages: MessageCentre | null,
  logger: Logger,
): MarketMessenger {
  return {
    async notifySchoolAdmins(tenantIds, message) {
      for (const tenantId of tenantIds) {
        if (!messages) {
          logger.warn({ tenantId, title: message.title }, 'marketplace notice not sent: no message centre');
          continue;
        }
        await withTenant(db.app, tenantId, async (trx) => {
          const school = await trx
            .selectFrom('tenants')
            .select(['id', 'kind', 'path'])
            .where('id', '=', tenantId)
            .executeTakeFirstOrThrow();
          const resolved = await resolveAudience(trx, db.app, school, [{ kind: 'school', roles: ['admin'] }]);
          await messages.send(trx, {
            tenantId,
            sender: { kind: 'platform', module: 'marketplace', name: '应用市场' },
            category: message.category ?? 'alert',
            priority: message.priority,
            content: render(
              {
                'zh-CN': { title: '{{t}}', text: '{{b}}' },
                ...(message.en ? { en: { title: '{{et}}', text: '{{eb}}' } } : {}),
              },
              {
                t: message.title,
                b: message.body,
                ...(message.en ? { et: message.en.title, eb: message.en.body } : {}),
              },
            ),
            // In the inbox only: what the platform did for the school, not a broadcast to read-track.
            ...(message.category === 'notice' ? { channels: [], receipts: false } : {}),
            recipients: [...resolved.recipients.keys()],
            deepLink: message.link,
            idempotencyKey: `${message.key}:${tenantId}`,
          });
        });
      }
    },
  };
}

export function marketTenants(db: Pick<Databases, 'app'>): MarketTenants {
  return {
    async get(tenantId) {
      return (
        (await db.app
          .selectFrom('tenants')
          .select(['id', 'name', 'kind', 'path'])
          .where('id', '=', tenantId)
          .executeTakeFirst()) ?? null
      );
    },
    async schoolsBelow(bureauId) {
      const bureau = await db.app
        .selectFrom('tenants')
        .select('path')
        .where('id', '=', bureauId)
        .executeTakeFirst();
      if (!bureau) return [];
      return db.app
        .selectFrom('tenants')
        .select(['id', 'name', 'path'])
        .where('kind', '=', 'school')
        .where('status', '=', 'active')
        .where('path', 'like', `${bureau.path}%`)
        .orderBy('code')
        .execute();
    },
    async ancestors(tenantId) {
      const tenant = await db.app
        .selectFrom('tenants')
        .select('path')
        .where('id', '=', tenantId)
        .executeTakeFirst();
      const ids = (tenant?.path ?? '').split('/').filter((id) => id && id !== tenantId);
      if (ids.length === 0) return [];
      const rows = await db.app
        .selectFrom('tenants')
        .select(['id', 'name', 'kind'])
        .where('id', 'in', ids)
        .execute();
      return ids.flatMap((id) => rows.filter((r) => r.id === id));
    },
  };
}

/** The session's principal as the marketplace sees it (401 without one). */
export function callerOf(c: Context): Caller {
  const ctx = c as unknown as Context<AppEnv>;
  const principal = requirePrincipal(ctx);
  return {
    personId: principal.personId,
    displayName: principal.displayName,
    tenantId: principal.activeTenantId,
    tenantKind: principal.tenantKind,
    tenantName: principal.tenantName,
    tenantPath: principal.tenantPath,
    requestId: ctx.get('requestId'),
    can: (permission) => principal.can(permission),
  };
}
