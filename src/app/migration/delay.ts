/** Resolves after `ms` milliseconds (timers are the one host facility the application layer uses). */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
