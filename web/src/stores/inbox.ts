import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { type InboxItem, type UnreadCount, unreadCount } from '../api/messages.ts';

type Listener = (item: InboxItem) => void;

/**
 * The person's unread counts, kept live over SSE (`GET /api/v1/inbox/stream`): the stream opens
 * with a `ready` event carrying the counts, then sends each new entry as a `message` event. The
 * browser's EventSource reconnects by itself and resumes with Last-Event-ID, so nothing is lost.
 */
export const useInbox = defineStore('inbox', () => {
  const counts = ref<UnreadCount>({ total: 0, byCategory: {} });
  const connected = ref(false);
  const listeners = new Set<Listener>();
  let source: EventSource | null = null;

  const total = computed(() => counts.value.total);

  function bump(category: string, by: number) {
    const byCategory = { ...counts.value.byCategory };
    byCategory[category] = Math.max(0, (byCategory[category] ?? 0) + by);
    counts.value = { total: Math.max(0, counts.value.total + by), byCategory };
  }

  /** Re-reads the counts, e.g. after the person marked entries read. */
  async function refresh() {
    counts.value = await unreadCount();
  }

  function connect() {
    if (source || typeof EventSource === 'undefined') return;
    source = new EventSource('/api/v1/inbox/stream', { withCredentials: true });
    source.addEventListener('ready', (event) => {
      connected.value = true;
      const data = JSON.parse((event as MessageEvent<string>).data) as { unread: UnreadCount };
      counts.value = data.unread;
    });
    source.addEventListener('message', (event) => {
      const item = JSON.parse((event as MessageEvent<string>).data) as InboxItem;
      if (!item.readAt) bump(item.category, 1);
      for (const listener of listeners) listener(item);
    });
    source.addEventListener('error', () => {
      connected.value = false;
    });
  }

  function disconnect() {
    source?.close();
    source = null;
    connected.value = false;
    counts.value = { total: 0, byCategory: {} };
  }

  /** Calls `listener` for each new entry while subscribed; returns the unsubscribe function. */
  function onNew(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  return { counts, total, connected, refresh, connect, disconnect, onNew, bump };
});
