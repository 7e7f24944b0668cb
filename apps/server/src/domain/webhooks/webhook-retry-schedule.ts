/*
 * When to try a failed delivery again (issue 5, spec 9.1.2). The schedule lists the waits after
 * the first attempt (WEBHOOK_RETRY_SCHEDULE, default 1s,5s,30s,5m,30m,2h,6h,15h: about a day in
 * all), so a delivery gets at most `schedule.length + 1` attempts before it is dead.
 *
 * Jitter is ±10 % of each wait, not "full jitter": the waits stay ordered and the total stays
 * near a day, while the deliveries that failed together (one receiver down) spread out instead
 * of coming back as one burst.
 */

/** Spread of each wait: ±10 %. */
export const RETRY_JITTER = 0.1

/**
 * The wait before the next attempt once `attemptsMade` attempts of the current run have
 * failed, or null when the schedule is exhausted and the delivery is dead.
 *
 * @example
 * nextRetryDelayMs([1000, 5000], 1) // ≈ 1000 (900…1100)
 * nextRetryDelayMs([1000, 5000], 3) // null
 */
export function nextRetryDelayMs(
  scheduleMs: readonly number[],
  attemptsMade: number,
  random: () => number = Math.random,
): number | null {
  const base = scheduleMs[attemptsMade - 1]
  if (attemptsMade < 1 || base === undefined) return null
  const spread = base * RETRY_JITTER
  return Math.max(0, Math.round(base - spread + random() * 2 * spread))
}
