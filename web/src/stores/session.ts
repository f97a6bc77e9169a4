import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import * as auth from '../api/auth.ts';
import { ApiError } from '../api/client.ts';

/**
 * Who is logged in, from identity's `GET /api/v1/me`: the person, the school they act in, their
 * roles and permissions there, and every school where they hold a membership or role.
 */
export const useSession = defineStore('session', () => {
  const me = ref<auth.Me | null>(null);
  const checked = ref(false);
  const loggedIn = computed(() => me.value !== null);
  const schools = computed(() => me.value?.tenants ?? []);
  const activeSchool = computed(
    () => schools.value.find((t) => t.tenantId === me.value?.activeTenant?.id) ?? null,
  );
  const permissions = computed(() => new Set(me.value?.permissions ?? []));

  /** Loads the current person; an expired or missing session is simply "not logged in". */
  async function refresh(): Promise<auth.Me | null> {
    try {
      me.value = await auth.getMe();
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      me.value = null;
    } finally {
      checked.value = true;
    }
    return me.value;
  }

  /** Whether someone is logged in; a server that cannot answer counts as "not yet", and is asked again next time. */
  async function ensure(): Promise<boolean> {
    if (!checked.value) {
      try {
        await refresh();
      } catch {
        checked.value = false;
        return false;
      }
    }
    return loggedIn.value;
  }

  async function switchSchool(tenantId: string) {
    await auth.switchSchool(tenantId);
    await refresh();
  }

  async function logout() {
    try {
      await auth.logout();
    } finally {
      me.value = null;
    }
  }

  function clear() {
    me.value = null;
  }

  const can = (permission: string) => permissions.value.has(permission);

  return { me, checked, loggedIn, schools, activeSchool, refresh, ensure, switchSchool, logout, clear, can };
});
