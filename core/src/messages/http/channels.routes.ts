import { InputError, NotFoundError, UnavailableError } from '@campusbase/plugin-sdk/errors';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import { appendAudit, auditContext } from '../../audit/audit.service.ts';
import { requirePermission } from '../../auth/principal.ts';
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-scope.ts';
import type { AppEnv } from '../../http/types.ts';
import { keyHint, robotKeyOf } from '../channels/wecom.ts';
import { insertRobot, knownUnits, listRobots, updateRobot } from '../robots.repository.ts';
import type { MessageSealers } from '../sealing.ts';
import { getSchoolSender, putSchoolSender } from '../sender.repository.ts';
import {
  insertWebhook,
  listWebhooks,
  rotateWebhookSecret,
  setWebhookActive,
} from '../webhooks.repository.ts';
import { channelRoute as route } from './channels.schemas.ts';

export interface ChannelRoutesDeps {
  /** null when the centre was started without the platform secret: nothing can be sealed. */
  sealers: MessageSealers | null;
  wecomApiBase: string;
}

const noSecret = () =>
  new UnavailableError({
    zh: '服务器未配置平台密钥，暂不能保存 Webhook 或企业微信机器人。请联系运维人员。',
    en: 'The server was started without the platform secret, so webhook secrets and robot keys cannot be sealed. Ask the operator to start it with SECRET_KEY.',
  });

const wrongRobotUrl = (base: string) =>
  new InputError({
    zh: `企业微信机器人地址不正确：请在群聊「添加群机器人」后复制完整的 Webhook 地址（${base}/cgi-bin/webhook/send?key=…）。`,
    en: `The robot URL must be the webhook address WeCom shows for a group robot: ${base}/cgi-bin/webhook/send?key=…`,
  });

const notFound = (what: string) =>
  new NotFoundError({
    zh: `本校没有这个${what}`,
    en: `Your school has no such ${what === 'Webhook' ? 'webhook' : 'WeCom robot'}`,
  });

export function channelRoutes(app: OpenAPIHono<AppEnv>, db: Kysely<Database>, deps: ChannelRoutesDeps): void {
  const audit = (
    c: Context<AppEnv>,
    me: { activeTenantId: string; personId: string },
    action: string,
    targetType: string,
    targetId: string,
    details: Record<string, unknown>,
  ) =>
    appendAudit(db, {
      tenantId: me.activeTenantId,
      actorPersonId: me.personId,
      action,
      targetType,
      targetId,
      result: 'success',
      details,
      ...auditContext(c),
    });
  const sealers = () => {
    if (!deps.sealers) throw noSecret();
    return deps.sealers;
  };

  app.openapi(route.listWebhooks, async (c) => {
    const me = await requirePermission(c, 'settings:write');
    const items = await withTenant(db, me.activeTenantId, (trx) => listWebhooks(trx, me.activeTenantId));
    return c.json({ items }, 200);
  });
  app.openapi(route.addWebhook, async (c) => {
    const me = await requirePermission(c, 'settings:write');
    const b = c.req.valid('json');
    const box = sealers().webhookSecret;
    const created = await withTenant(db, me.activeTenantId, (trx) =>
      insertWebhook(trx, box, { tenantId: me.activeTenantId, ...b }),
    );
    await audit(c, me, 'messages.webhook.create', 'message_webhook', created.webhook.id, {
      name: b.name,
      url: b.url,
    });
    return c.json({ ...created.webhook, secret: created.secret }, 201);
  });
  app.openapi(route.rotateWebhook, async (c) => {
    const me = await requirePermission(c, 'settings:write');
    const { id } = c.req.valid('param');
    const { graceMinutes } = c.req.valid('json');
    const box = sealers().webhookSecret;
    const rotated = await withTenant(db, me.activeTenantId, (trx) =>
      rotateWebhookSecret(trx, box, me.activeTenantId, id, graceMinutes),
    );
    if (!rotated) throw notFound('Webhook');
    await audit(c, me, 'messages.webhook.rotate', 'message_webhook', id, { graceMinutes });
    return c.json({ ...rotated.webhook, secret: rotated.secret }, 200);
  });
  app.openapi(route.deleteWebhook, async (c) => {
    const me = await requirePermission(c, 'settings:write');
    const { id } = c.req.valid('param');
    const found = await withTenant(db, me.activeTenantId, (trx) =>
      setWebhookActive(trx, me.activeTenantId, id, false),
    );
    if (!found) throw notFound('Webhook');
    await audit(c, me, 'messages.webhook.disable', 'message_webhook', id, {});
    return c.json({ ok: true as const }, 200);
  });

  const checkUnits = async (tenantId: string, ids: string[] | undefined) => {
    if (!ids || ids.length === 0) return;
    const unique = [...new Set(ids)];
    const known = await withTenant(db, tenantId, (trx) => knownUnits(trx, tenantId, unique));
    if (known !== unique.length)
      throw new InputError({
        zh: '所选部门或班级不属于本校，请重新选择',
        en: 'Some of the org units are not units of your school; choose them again',
      });
  };
  const sealKey = (url: string) => {
    const key = robotKeyOf(url, deps.wecomApiBase);
    if (!key) throw wrongRobotUrl(deps.wecomApiBase);
    return { keySealed: sealers().wecomKey.seal(key), keyHint: keyHint(key) };
  };

  app.openapi(route.listRobots, async (c) => {
    const me = await requirePermission(c, 'settings:write');
    const items = await withTenant(db, me.activeTenantId, (trx) => listRobots(trx, me.activeTenantId));
    return c.json({ items }, 200);
  });
  app.openapi(route.addRobot, async (c) => {
    const me = await requirePermission(c, 'settings:write');
    const b = c.req.valid('json');
    const sealed = sealKey(b.url);
    await checkUnits(me.activeTenantId, b.orgUnitIds);
    const robot = await withTenant(db, me.activeTenantId, (trx) =>
      insertRobot(trx, {
        tenantId: me.activeTenantId,
        name: b.name,
        ...sealed,
        categories: b.categories,
        orgUnitIds: [...new Set(b.orgUnitIds)],
        createdBy: me.personId,
      }),
    );
    await audit(c, me, 'messages.wecom_robot.create', 'message_wecom_robot', robot.id, {
      name: robot.name,
      keyHint: robot.keyHint,
      categories: robot.categories,
    });
    return c.json(robot, 201);
  });
  app.openapi(route.patchRobot, async (c) => {
    const me = await requirePermission(c, 'settings:write');
    const { id } = c.req.valid('param');
    const b = c.req.valid('json');
    const sealed = b.url ? sealKey(b.url) : {};
    await checkUnits(me.activeTenantId, b.orgUnitIds);
    const robot = await withTenant(db, me.activeTenantId, (trx) =>
      updateRobot(trx, me.activeTenantId, id, {
        ...(b.name !== undefined ? { name: b.name } : {}),
        ...(b.categories ? { categories: b.categories } : {}),
        ...(b.orgUnitIds ? { orgUnitIds: [...new Set(b.orgUnitIds)] } : {}),
        ...(b.active !== undefined ? { active: b.active } : {}),
        ...sealed,
      }),
    );
    if (!robot) throw notFound('企业微信机器人');
    const { url: _url, ...changed } = b;
    await audit(c, me, 'messages.wecom_robot.update', 'message_wecom_robot', id, {
      ...changed,
      ...(b.url ? { keyReplaced: true, keyHint: robot.keyHint } : {}),
    });
    return c.json(robot, 200);
  });
  app.openapi(route.deleteRobot, async (c) => {
    const me = await requirePermission(c, 'settings:write');
    const { id } = c.req.valid('param');
    // The key is the credential: removing a robot erases it rather than keeping it switched off.
    const removed = await withTenant(db, me.activeTenantId, (trx) =>
      trx
        .deleteFrom('message_wecom_robots')
        .where('tenant_id', '=', me.activeTenantId)
        .where('id', '=', id)
        .executeTakeFirst(),
    );
    if (Number(removed.numDeletedRows) === 0) throw notFound('企业微信机器人');
    await audit(c, me, 'messages.wecom_robot.delete', 'message_wecom_robot', id, {});
    return c.json({ ok: true as const }, 200);
  });

  app.openapi(route.getSender, async (c) => {
    const me = await requirePermission(c, 'settings:write');
    return c.json(
      await withTenant(db, me.activeTenantId, (trx) => getSchoolSender(trx, me.activeTenantId)),
      200,
    );
  });
  app.openapi(route.putSender, async (c) => {
    const me = await requirePermission(c, 'settings:write');
    const sender = c.req.valid('json');
    await withTenant(db, me.activeTenantId, (trx) => putSchoolSender(trx, me.activeTenantId, sender));
    await audit(c, me, 'messages.sender.update', 'tenant_setting', 'messages.sender', sender);
    return c.json(sender, 200);
  });
}
