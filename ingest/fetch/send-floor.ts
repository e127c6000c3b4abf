// The hard floor under bottleneck's pacing, on real send times. Bottleneck spaces the times it *planned*
// to start jobs: when a timer fires late (a busy event loop) the plan does not move, so the next job may
// start less than minTime after this one really did. And a job's start is not the request's: axios
// takes a while (tens of ms on its first call) before the request is written. So the floor counts from
// the moment node's http client starts the request, seen on the `http.client.request.start` diagnostics
// channel, and tops up whatever bottleneck's spacing fell short.
import type http from 'node:http';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { setTimeout as sleep } from 'node:timers/promises';

const REQUEST_START = 'http.client.request.start';

export interface SendFloor {
  /** Resolves once `intervalMs` have passed since the previous request of `agents` started. */
  wait(): Promise<void>;
  close(): void;
}

export function createSendFloor(intervalMs: number, agents: readonly http.Agent[]): SendFloor {
  let lastSend = Number.NEGATIVE_INFINITY;
  const onRequestStart = (message: unknown) => {
    const { request } = message as { request: http.ClientRequest & { agent?: unknown } };
    if (!agents.includes(request.agent as http.Agent)) return;
    lastSend = performance.now();
    // 'finish': the request has been handed to the OS, the closest we get to the wire.
    request.once('finish', () => {
      lastSend = performance.now();
    });
  };
  subscribe(REQUEST_START, onRequestStart);
  return {
    async wait() {
      // Timers may also fire a little early, hence the loop.
      for (let wait = lastSend + intervalMs - performance.now(); wait > 0; wait = lastSend + intervalMs - performance.now()) {
        await sleep(wait);
      }
      // Provisional, in case no request follows; the channel moves it to the real start.
      lastSend = performance.now();
    },
    close() {
      unsubscribe(REQUEST_START, onRequestStart);
    },
  };
}
