// Tests make thousands of requests: an access-log line for each (functions/http/access-log.ts) would bury the
// report. Warnings and errors still print; test/api/access-log.test.ts turns info on again for itself.
import { logger } from '../../functions/adapters/log/json-logger.ts';

logger.setLevel('warn');
