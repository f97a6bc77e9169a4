import { api } from './client.ts';
import type { components, paths } from './openapi.gen.ts';

export type InboxItem = components['schemas']['InboxItem'];
export type InboxEntry = components['schemas']['InboxEntry'];
export type UnreadCount = components['schemas']['UnreadCount'];
export type Audience = components['schemas']['Audience'];
export type AudiencePart = components['schemas']['AudiencePart'];
export type AudienceRole = Extract<AudiencePart, { kind: 'school' }>['roles'][number];
export type AudiencePreview = components['schemas']['AudiencePreview'];
export type Receipts = components['schemas']['Receipts'];
export type SentMessage = components['schemas']['SentMessage'];
export type MessagePreferences = components['schemas']['MessagePreferences'];
export type ComposeMessage = paths['/api/v1/messages']['post']['body'];
export type Category = InboxItem['category'];
export type InboxQuery = NonNullable<paths['/api/v1/inbox']['get']['query']>;
export type InboxAction = 'read' | 'unread' | 'archive' | 'unarchive';

export const categories: Category[] = ['notice', 'todo', 'alert', 'approval'];
export const audienceRoles: AudienceRole[] = [
  'parent',
  'student',
  'teacher',
  'head_teacher',
  'staff',
  'admin',
];

export const listInbox = (query: InboxQuery) => api.get('/api/v1/inbox', { query });
export const unreadCount = () => api.get('/api/v1/inbox/unread-count');
export const getEntry = (id: string) => api.get('/api/v1/inbox/{id}', { path: { id } });
export const changeEntries = (action: InboxAction, ids: string[]) =>
  api.post('/api/v1/inbox/{action}', { path: { action }, body: { ids } });
export const changeAll = (action: InboxAction, category?: Category) =>
  api.post('/api/v1/inbox/{action}', {
    path: { action },
    body: { all: true, ...(category ? { category } : {}) },
  });
export const previewAudience = (audience: Audience) =>
  api.post('/api/v1/messages/audience/preview', { body: { audience } });
export const sendMessage = (message: ComposeMessage) => api.post('/api/v1/messages', { body: message });
export const listSent = () => api.get('/api/v1/messages/sent');
export const getReceipts = (messageId: string) =>
  api.get('/api/v1/messages/{messageId}/receipts', { path: { messageId } });
export const remindUnread = (messageId: string) =>
  api.post('/api/v1/messages/{messageId}/remind', { path: { messageId }, body: {} });
export const getPreferences = () => api.get('/api/v1/messages/preferences');
export const putPreferences = (preferences: MessagePreferences) =>
  api.put('/api/v1/messages/preferences', { body: preferences });
