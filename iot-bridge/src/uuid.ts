const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Device, tenant and org-unit ids are UUIDs; anything else is refused before it reaches SQL. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
