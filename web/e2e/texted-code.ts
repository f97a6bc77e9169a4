import type { RunningPlatform } from './platform-process.ts';

/**
 * The code the platform texted, read from its log as a phone would receive it: with no SMS
 * gateway configured, the message centre's log provider writes each SMS as a JSON log line (at
 * info, so start the platform with LOG_LEVEL=info). Only lines after `after` (an output length)
 * that name the number and contain `marker` (e.g. 登录验证码, 找回密码) count.
 */
export async function textedCode(
  platform: RunningPlatform,
  phone: string,
  after: number,
  marker: string,
): Promise<string> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const found = textsSince(platform, phone, after, marker).at(-1);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${marker} code for ${phone} in the platform log`);
}

/** Every code texted to a number since `after` with `marker`, oldest first. */
export function textsSince(
  platform: RunningPlatform,
  phone: string,
  after: number,
  marker: string,
): string[] {
  return platform
    .output()
    .slice(after)
    .split('\n')
    .filter((line) => line.includes(phone) && line.includes(marker))
    .map((line) => /验证码为 (\d{6})/.exec(line)?.[1])
    .filter((code): code is string => code !== undefined);
}
