/** `npm run build`: the production build, stamped so that `npm start` knows it is current. */
import { runBuild } from "./lib/build";

runBuild().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
