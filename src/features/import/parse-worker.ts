/**
 * Worker-thread entry (built as dist/parse-worker.js): runs `parseRows` on one file
 * and posts its batches to the importer (parse-rows.ts `openRows`), at most
 * BATCHES_AHEAD unacknowledged, so a fast parser never piles rows up in memory.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDecoded } from './decode.js';
import { BATCHES_AHEAD, parseRows, sendableError, type WorkerInput, type WorkerMessage } from './parse-rows.js';

const port = parentPort;
if (!port) throw new Error('parse-worker.js runs as a worker thread');
const input = workerData as WorkerInput;
const post = (m: WorkerMessage) => port.postMessage(m);

let credits = BATCHES_AHEAD;
let wake: (() => void) | undefined;
port.on('message', () => {
  credits++;
  wake?.();
});

try {
  const decoded = await openDecoded(input.path, input.encoding);
  post({ type: 'open', encoding: decoded.encoding, size: decoded.size });
  for await (const batch of parseRows(decoded, input.map, input.path, input.rules)) {
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    credits--;
    post({ type: 'batch', batch });
  }
  post({ type: 'end', sha256: decoded.sha256() });
} catch (e) {
  post({ type: 'error', error: sendableError(e) });
}
// Nothing more to wait for: let the thread end once the messages are out.
port.unref();
