/**
 * The reset token of an emailed link, `/login#reset=<token>`. The token sits in the fragment so it
 * never reaches a server log or a Referer; the page reads it once and removes it from the address.
 */
export function resetTokenFromHash(hash: string): string | null {
  const match = /^#reset=([A-Za-z0-9_-]{20,100})$/.exec(hash);
  return match ? (match[1] as string) : null;
}

/** What the new password must satisfy, for the hint under the field. */
export function meetsPolicy(
  password: string,
  policy: { minLength: number; minCharClasses: number },
): boolean {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  return [...password].length >= policy.minLength && classes >= policy.minCharClasses;
}
