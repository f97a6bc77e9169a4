import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import type { Locale } from '../i18n/index.ts';
import { readStored, writeStored } from '../composables/storage.ts';

const localeKey = 'cb.locale';
const darkKey = 'cb.dark';

const isLocale = (v: unknown): v is Locale => v === 'zh-CN' || v === 'en';
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';

function systemPrefersDark(): boolean {
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
}

/** The user's language and colour scheme, kept on this device and applied to <html>. */
export const usePreferences = defineStore('preferences', () => {
  const locale = ref<Locale>(readStored(localeKey, isLocale) ?? 'zh-CN');
  const dark = ref<boolean>(readStored(darkKey, isBoolean) ?? systemPrefersDark());

  watch(
    locale,
    (value) => {
      writeStored(localeKey, value);
      document.documentElement.lang = value;
    },
    { immediate: true },
  );
  watch(
    dark,
    (value) => {
      writeStored(darkKey, value);
      document.documentElement.classList.toggle('dark', value);
    },
    { immediate: true },
  );

  function setLocale(value: Locale) {
    locale.value = value;
  }
  function toggleDark() {
    dark.value = !dark.value;
  }
  return { locale, dark, setLocale, toggleDark };
});
