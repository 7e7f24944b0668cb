import type { Theme } from '@placet/protocol'

/** Where the browser keeps the last known theme, so the first paint already uses it. */
export const THEME_STORAGE_KEY = 'placet:theme'

/**
 * Runs inline in `<head>` before the body paints: sets `data-theme` on `<html>` from the stored
 * choice (or the device's scheme), so a dark-theme user never sees a white flash. The server's
 * copy (`GET /api/preferences`) replaces it once signed in.
 */
export const THEME_BOOT_SCRIPT = `(function(){try{var t=localStorage.getItem('${THEME_STORAGE_KEY}');if(t!=='light'&&t!=='dark')t=matchMedia('(prefers-color-scheme: dark)').matches?'dark':'light';document.documentElement.dataset.theme=t}catch(e){}})()`

/** The scheme actually shown for a theme choice. */
export function resolveTheme(theme: Theme): 'light' | 'dark' {
  if (theme !== 'system') return theme
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'
}

/** Shows a theme now and remembers it for the next first paint. */
export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = resolveTheme(theme)
  try {
    localStorage.setItem(THEME_STORAGE_KEY, theme)
  } catch {
    // Storage can be disabled (private mode); the theme still applies for this page.
  }
}
