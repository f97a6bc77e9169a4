import { onBeforeUnmount, type Ref, ref } from 'vue';

export interface Countdown {
  /** Seconds left; 0 when the button may be used again. */
  seconds: Ref<number>;
  start(seconds: number): void;
}

/**
 * A once-a-second countdown for 「60 秒后可重新获取」 and lockout waits, stopped when the component
 * unmounts so no timer outlives the form.
 *
 * @example
 * const wait = useCountdown();
 * wait.start(answer.resendAfterSeconds);
 */
export function useCountdown(): Countdown {
  const seconds = ref(0);
  let timer: ReturnType<typeof setInterval> | undefined;
  function start(from: number) {
    clearInterval(timer);
    seconds.value = Math.max(0, Math.ceil(from));
    if (seconds.value === 0) return;
    timer = setInterval(() => {
      seconds.value = Math.max(0, seconds.value - 1);
      if (seconds.value === 0) clearInterval(timer);
    }, 1000);
  }
  onBeforeUnmount(() => clearInterval(timer));
  return { seconds, start };
}
