// The test harness's only reader of process.env: the environment handed to child processes
// (next build / next start) is the parent's with NODE_ENV=production (not vitest's "test") and
// explicit overrides.
export function childProcessEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...overrides, NODE_ENV: 'production' };
}
