// The hard floor under bottleneck's pacing, on real send times. Bottleneck spaces the times it *planned*
// to start jobs: when a timer fires late (a busy event loop) the plan does not move, so the next job may
// start less than minTime after this one really did. And a job's start is not the request's: axios
// takes a while (tens of ms on its first call) before the request is written. So the floor counts from
// the moment the previous request was handed to the OS and tops up whatever bottleneck fell short of.
import type http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { watchRequestSends } from './wire-sends.ts';

export interface SendFloor {
  /** Resolves once `intervalMs` have passed since the previous request through `agents` was sent. */
  wait(): Promise<void>;
  close(): void;
}

export function createSendFloor(intervalMs: number, agents: readonly http.Agent[]): SendFloor {
  let lastSend = Number.NEGATIVE_INFINITY;
  const stopWatching = watchRequestSends(
    (request) => agents.includes((request as { agent?: http.Agent }).agent as http.Agent),
    (atMs) => {
      lastSend = atMs;
    },
  );
  return {
    async wait() {
      // Timers may also fire a little early, hence the loop.
      const remaining = () => lastSend + intervalMs - performance.now();
      for (let wait = remaining(); wait > 0; wait = remaining()) await sleep(wait);
      // Provisional, should the request fail before it is sent; its send moves it.
      lastSend = performance.now();
    },
    close: stopWatching,
  };
}
