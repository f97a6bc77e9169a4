import type { DayStatus, Leave, Presence } from './types.ts';
import { coversDay } from './leaves.ts';

/**
 * A student's status for a day: a gate swipe wins (present or late; leaving through the gate means
 * the student was there); otherwise approved leave; otherwise absent.
 */
export function dayStatus(
  presence: Presence | undefined,
  leaves: ReadonlyArray<Leave> | undefined,
  date: string,
): DayStatus {
  if (presence?.arrivedAt || presence?.departedAt) return presence.status === 'late' ? 'late' : 'present';
  if (coversDay(leaves, date)) return 'leave';
  return 'absent';
}
