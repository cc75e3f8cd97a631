/** Child process for lock tests: tries to open the embedded database in argv[2] and reports. */
import { openDb } from '../../server/db/client';

const dir = process.argv[2]!;
openDb({ pgliteDir: dir, migrate: false })
  .then(async (h) => {
    console.log('OPENED');
    await h.close();
    process.exit(0);
  })
  .catch((err: Error) => {
    console.log(`ERROR ${err.name}: ${err.message}`);
    process.exit(3);
  });
