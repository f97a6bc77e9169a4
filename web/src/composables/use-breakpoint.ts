import { onScopeDispose, ref } from 'vue';

/** The phone layout (移动办公) applies below this width; CSS media queries use the same number. */
export const phoneMaxWidth = 767;

/**
 * Whether the viewport is phone-sized, updated as it changes.
 *
 * @example
 * const isPhone = useIsPhone(); // Ref<boolean>
 */
export function useIsPhone() {
  const query = globalThis.matchMedia?.(`(max-width: ${phoneMaxWidth}px)`);
  const isPhone = ref(query?.matches ?? false);
  const onChange = (event: MediaQueryListEvent) => {
    isPhone.value = event.matches;
  };
  query?.addEventListener('change', onChange);
  onScopeDispose(() => query?.removeEventListener('change', onChange));
  return isPhone;
}
