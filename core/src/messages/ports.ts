import { randomUUID } from 'node:crypto';
import type { AlarmNotice, AlarmNotifier } from '@campusbase/iot-bridge';
import type { Kysely } from 'kysely';
import type { MessagesPort } from '../apps/ports.ts';
import type { SmsSender } from '../auth/sms-sender.ts';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { type AudiencePart, resolveAudience } from './audience.ts';
import type { SmsProvider } from './channels/sms.ts';
import type { QuotaRules } from './quotas.ts';
import { render } from './render.ts';
import { type SendResult, sendMessage } from './send.ts';
import { loadTemplate } from './templates.repository.ts';

/** Identity's SMS login codes go straight to the provider: they cannot wait in the outbox or for quiet hours. */
export function smsSenderFor(provider: SmsProvider, signature: string): SmsSender {
  return {
    async send(message) {
      await provider.send({
        phone: message.phone,
        text: `【${signature}】${message.text}`,
        key: randomUUID(),
      });
    },
  };
}

type AppAudience =
  | { type: 'people'; personIds: string[] }
  | {
      type: 'orgUnit';
      orgUnitId: string;
      includeDescendants?: boolean;
      kinds?: Array<'student' | 'teacher' | 'staff' | 'guardian'>;
    };
type AppMessage = { title: string; body: string; page?: string; priority?: 'normal' | 'high' };

/** The SDK audience (plugin-sdk/src/capabilities/messages.ts) in the message centre's terms. */
export function appAudience(audience: AppAudience): AudiencePart[] {
  if (audience.type === 'people') return [{ kind: 'people', personIds: audience.personIds }];
  const kinds = audience.kinds ?? ['student', 'teacher', 'staff', 'guardian'];
  return [
    {
      kind: 'unit',
      orgUnitId: audience.orgUnitId,
      includeDescendants: audience.includeDescendants ?? false,
      roles: kinds.map((k) => (k === 'guardian' ? 'parent' : k)),
    },
  ];
}

/**
 * The `messages.send` capability of apps. The app runtime has already checked the `messages:send`
 * scope and its call-rate quota; this adds the per-installation sending quota, and resolves the
 * audience inside the installation's school only.
 */
export function appMessagesPort(app: Kysely<Database>, quotas?: QuotaRules): MessagesPort {
  return {
    async send(tenantId, sender, rawAudience, rawMessage) {
      const audience = appAudience(rawAudience as AppAudience);
      const message = rawMessage as AppMessage;
      const result: SendResult = await withTenant(app, tenantId, async (trx) => {
        const school = await trx
          .selectFrom('tenants')
          .select(['id', 'kind', 'path'])
          .where('id', '=', tenantId)
          .executeTakeFirstOrThrow();
        const resolved = await resolveAudience(trx, app, school, audience);
        return sendMessage(
          trx,
          {
            tenantId,
            sender: {
              kind: 'app',
              installationId: sender.installationId,
              appId: sender.appId,
              name: sender.appName,
            },
            category: 'notice',
            priority: message.priority ?? 'normal',
            content: render(
              { 'zh-CN': { title: '{{t}}', text: '{{b}}' } },
              { t: message.title, b: message.body },
            ),
            recipients: [...resolved.recipients.keys()],
            audience,
            deepLink: message.page ? `/apps/${sender.appId}/${message.page}` : `/apps/${sender.appId}`,
            channels: [],
          },
          quotas ? { quotas } : {},
        );
      });
      return { messageId: result.messageId, recipientCount: result.recipientCount };
    },
  };
}

const severityPriority = { critical: 'urgent', warning: 'high', info: 'normal' } as const;
const severityName = { critical: '严重', warning: '警告', info: '提示' } as const;

/**
 * Device alarms from the IoT bridge become alerts to the school's admins and IT staff. The
 * idempotency key (alarm, status) makes a re-sent notice a no-op, as the port requires.
 */
export function alarmNotifierFor(app: Kysely<Database>): AlarmNotifier {
  return {
    async notify(notices: AlarmNotice[]) {
      for (const notice of notices) {
        await withTenant(app, notice.tenantId, async (trx) => {
          const school = await trx
            .selectFrom('tenants')
            .select(['id', 'kind', 'path'])
            .where('id', '=', notice.tenantId)
            .executeTakeFirstOrThrow();
          const resolved = await resolveAudience(trx, app, school, [{ kind: 'school', roles: ['admin'] }]);
          const key = notice.status === 'active' ? 'iot.alarm' : 'iot.alarm.cleared';
          const time = new Intl.DateTimeFormat('zh-CN', {
            timeZone: 'Asia/Shanghai',
            dateStyle: 'short',
            timeStyle: 'medium',
          }).format(notice.at);
          await sendMessage(trx, {
            tenantId: notice.tenantId,
            sender: { kind: 'platform', module: 'iot', name: '物联网设备告警' },
            category: 'alert',
            priority: notice.status === 'active' ? severityPriority[notice.severity] : 'normal',
            content: render(await loadTemplate(trx, notice.tenantId, key), {
              deviceName: notice.deviceName,
              ruleName: notice.ruleName,
              field: notice.field,
              value: notice.value,
              severity: severityName[notice.severity],
              time,
            }),
            templateKey: key,
            recipients: [...resolved.recipients.keys()],
            audience: { alarm: notice.alarmId },
            deepLink: `/devices/${notice.deviceId}`,
            channels: notice.status === 'active' ? ['email', 'sms'] : ['email'],
            idempotencyKey: `alarm:${notice.alarmId}:${notice.status}`,
            // A device alarm is a fact about the school, fit for its IT group chat.
            shareWithGroups: true,
          });
        });
      }
    },
  };
}
