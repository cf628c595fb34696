/**
 * The `skip` option of a test that needs a tool: why it cannot run here, or false. `.ci/run`
 * installs every such tool, so under CI=true a missing one fails the test file with the reason,
 * never skips it.
 */
export function skipUnlessCi(reason: string | false | undefined): string | false {
  if (!reason) return false;
  if (process.env.CI === 'true') throw new Error(`Unexpected missing tool under CI=true (${reason}), expected it installed by .ci/run`);
  return reason;
}
