/**
 * `npm run build`: the production build, stamped so that `npm start` knows it is current.
 * With `--if-stale` (as `npm test` runs it) a current build is kept.
 */
import { buildStaleness, runBuild } from "./lib/build";

const stale = buildStaleness();
if (process.argv.includes("--if-stale") && !stale) {
  process.stdout.write("The production build is current.\n");
} else {
  if (stale) process.stdout.write(`Building: ${stale}.\n`);
  runBuild().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  });
}
