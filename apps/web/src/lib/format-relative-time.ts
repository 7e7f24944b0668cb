const RELATIVE = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' })
const TIME = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' })
const DAY = new Intl.DateTimeFormat(undefined, { dateStyle: 'short' })

const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Infinity],
]

/** "5 minutes ago", for "last seen" (spec 6.2). */
export function formatTimeAgo(iso: string, now = Date.now()): string {
  let amount = (Date.parse(iso) - now) / 1000
  for (const [unit, size] of STEPS) {
    if (Math.abs(amount) < size) return RELATIVE.format(Math.round(amount), unit)
    amount /= size
  }
  return iso
}

/** A list timestamp: the time today, the date before. */
export function formatListTime(iso: string, now = new Date()): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  return date.toDateString() === now.toDateString() ? TIME.format(date) : DAY.format(date)
}
