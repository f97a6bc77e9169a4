import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { type PublicTenant, getPublicTenant } from '../api/tenancy.ts';
import { readStored, removeStored, writeStored } from '../composables/storage.ts';
import { isHexColor, primaryVars } from '../composables/theme-colors.ts';
import { usePreferences } from './preferences.ts';

const schoolKey = 'cb.school';
const isCode = (v: unknown): v is string => typeof v === 'string' && /^[0-9A-Za-z-]{1,32}$/.test(v);

/** Only same-origin paths and https URLs become image sources (the value is school-controlled). */
export function safeImageUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  if (url.startsWith('/') && !url.startsWith('//')) return url;
  return /^https:\/\/[^\s"'()]+$/.test(url) ? url : undefined;
}

/**
 * The school whose portal this is (千校千面): its name, logo, theme colour and login background,
 * from `GET /api/v1/tenants/{code}/public`. The theme colour is applied as Element Plus CSS
 * variables on <html>, so every component follows it, in light and dark mode.
 */
export const useBranding = defineStore('branding', () => {
  const code = ref<string | null>(readStored(schoolKey, isCode));
  const tenant = ref<PublicTenant | null>(null);
  const loading = ref(false);
  const error = ref<unknown>(null);

  const displayName = computed(() => tenant.value?.branding.displayName ?? tenant.value?.name ?? null);
  const themeColor = computed(() => {
    const color = tenant.value?.branding.themeColor;
    return isHexColor(color) ? color : null;
  });
  const logoUrl = computed(() => safeImageUrl(tenant.value?.branding.logoUrl));
  const loginBackgroundUrl = computed(() => safeImageUrl(tenant.value?.branding.loginBackgroundUrl));

  const preferences = usePreferences();
  let applied: string[] = [];
  watch(
    [themeColor, () => preferences.dark],
    ([color, dark]) => {
      const style = document.documentElement.style;
      for (const name of applied) style.removeProperty(name);
      applied = [];
      if (!color) return;
      for (const [name, value] of Object.entries(primaryVars(color, dark))) {
        style.setProperty(name, value);
        applied.push(name);
      }
    },
    { immediate: true },
  );
  watch(displayName, (name) => {
    document.title = name ? `${name} · CampusBase` : 'CampusBase 教育数字基座';
  });

  /** Loads a school's public face; on success it becomes this device's school. */
  async function load(next: string): Promise<PublicTenant> {
    loading.value = true;
    error.value = null;
    try {
      const result = await getPublicTenant(next);
      tenant.value = result;
      code.value = result.code;
      writeStored(schoolKey, result.code);
      return result;
    } catch (e) {
      error.value = e;
      throw e;
    } finally {
      loading.value = false;
    }
  }

  function forget() {
    tenant.value = null;
    code.value = null;
    removeStored(schoolKey);
  }

  return { code, tenant, loading, error, displayName, themeColor, logoUrl, loginBackgroundUrl, load, forget };
});
