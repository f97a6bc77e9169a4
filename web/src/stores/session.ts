import { defineStore } from 'pinia';
import { computed, ref } from 'vue';

export interface SessionUser {
  id: string;
  name: string;
  tenantId: string;
  roles: string[];
}

/**
 * Who is logged in. Filled from identity's `GET /api/v1/me` once that route exists; until then
 * nobody is logged in and every protected page leads to the login page.
 */
export const useSession = defineStore('session', () => {
  const user = ref<SessionUser | null>(null);
  const checked = ref(false);
  const loggedIn = computed(() => user.value !== null);

  async function ensure(): Promise<boolean> {
    checked.value = true;
    return loggedIn.value;
  }

  function clear() {
    user.value = null;
  }

  return { user, checked, loggedIn, ensure, clear };
});
