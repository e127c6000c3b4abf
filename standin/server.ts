// The stand-in's HTTP server on 127.0.0.1: gateway checks (key, quota), injected faults, then the
// Browse application. Every request is logged with what was actually sent.
import http from 'node:http';
import type { Catalogue } from './catalogue.ts';
import type { CatalogueChange, ChangingCatalogue, ListedCatalogue } from './catalogue-changes.ts';
import { createCatalogueTimeline, type AppliedChange } from './catalogue-timeline.ts';
import type { ChangePlan } from './change-plan.ts';
import { createFaultInjector, type FaultKind, type FaultPlan } from './faults.ts';
import {
  BROWSE_PATH,
  applicationError,
  browseReply,
  gatewayError,
  htmlError,
  parseBrowseQuery,
  type BrowseQuery,
  type Reply,
} from './protocol.ts';
import { createRateLimiter, type RateDecision, type RateLimitOptions } from './rate-limit.ts';
import { servedNeos, type LoggedRequest } from './request-log.ts';
import type { Neo } from '../core/schema.ts';

export interface StandinConfig {
  /** 0 picks a free port. */
  readonly port: number;
  readonly catalogue: ChangingCatalogue;
  /** How the catalogue changes while the server runs; default: it does not. */
  readonly changes?: ChangePlan;
  readonly rateLimit: RateLimitOptions;
  /** Keys answered with 403 API_KEY_INVALID. */
  readonly rejectedKeys: readonly string[];
  readonly faults: FaultPlan;
}

export interface RunningStandin {
  /** Base URL, e.g. `http://127.0.0.1:40123`; the browse endpoint is under `/neo/rest/v1/neo/browse`. */
  readonly url: string;
  /** Every request so far, in arrival order. */
  requests(): readonly LoggedRequest[];
  /** The NEOs delivered whole, in catalogue order (see request-log.ts). */
  servedNeos(): Neo[];
  /** Replaces the fault plan; page-rule counts start over. */
  setFaults(plan: FaultPlan): void;
  /** The catalogue as it is now: size, ids in listing order, NEOs by listing position. */
  catalogue(): ListedCatalogue;
  /** Every catalogue change applied so far, in order. */
  catalogueChanges(): readonly AppliedChange[];
  /** Changes the catalogue now, between requests: the next request is the first to see it. */
  changeCatalogue(change: CatalogueChange): AppliedChange;
  stop(): Promise<void>;
}

const nowMs = (): number => performance.timeOrigin + performance.now();

/** What a faulty reply puts on the wire in place of the body. */
function sentText(body: string, fault: FaultKind | null): string {
  if (fault === 'truncated')
    return Buffer.from(body)
      .subarray(0, Math.floor(Buffer.byteLength(body) / 2))
      .toString();
  if (fault === 'malformed') return body.slice(0, Math.floor(body.length / 2));
  return body;
}

function send(res: http.ServerResponse, reply: Reply, rate: RateDecision, fault: FaultKind | null): void {
  const text = sentText(reply.body, fault);
  // A truncated reply announces the full length, then the connection dies part-way.
  const length = Buffer.byteLength(fault === 'truncated' ? reply.body : text);
  res.writeHead(reply.status, {
    'Content-Type': reply.contentType,
    'Content-Length': length,
    'X-RateLimit-Limit': rate.limit,
    'X-RateLimit-Remaining': rate.remaining,
  });
  if (fault === 'truncated') res.write(text, () => res.destroy());
  else res.end(text);
}

const RATE_LIMITED = [
  'OVER_RATE_LIMIT',
  'You have exceeded your rate limit. Try again later or contact us at https://api.nasa.gov:443 for assistance',
] as const;
const KEY_INVALID = [
  'API_KEY_INVALID',
  'An invalid api_key was supplied. Get one at https://api.nasa.gov:443',
] as const;
const KEY_MISSING = ['API_KEY_MISSING', 'No api_key was supplied. Get one at https://api.nasa.gov:443'] as const;

/** What to answer, as plain data: the log re-renders it on demand instead of keeping bodies. */
type ReplySpec =
  | { readonly kind: 'gateway'; readonly status: number; readonly error: readonly [string, string] }
  | { readonly kind: 'html'; readonly status: number }
  | {
      readonly kind: 'application';
      readonly pathname: string;
      readonly query: BrowseQuery;
      readonly apiKey: string;
      /** The catalogue as the request found it: the log re-renders from it after later changes. */
      readonly catalogue: Catalogue;
    };

function render(spec: ReplySpec, baseUrl: string): Reply {
  switch (spec.kind) {
    case 'gateway':
      return gatewayError(spec.status, ...spec.error);
    case 'html':
      return htmlError(spec.status);
    case 'application':
      if (spec.pathname !== BROWSE_PATH) return applicationError(404, 'NOT_FOUND', `No endpoint ${spec.pathname}`);
      if (!spec.query.ok) return applicationError(400, 'BAD_REQUEST', spec.query.reason);
      return browseReply(spec.catalogue, spec.query.page, spec.query.size, baseUrl, spec.apiKey);
  }
}

// Log closures are made out here so that they hold the spec only, not the request handler's req and res.
const sentBody = (rendered: () => Reply, fault: FaultKind | null) => (): string | null =>
  sentText(rendered().body, fault);
const NOTHING_SENT = (): string | null => null;

export async function startStandin(config: StandinConfig): Promise<RunningStandin> {
  const log: LoggedRequest[] = [];
  const limiter = createRateLimiter(config.rateLimit);
  const rejected = new Set(config.rejectedKeys);
  const pendingSlowReplies = new Set<NodeJS.Timeout>();
  let faults = createFaultInjector(config.faults);
  const timeline = createCatalogueTimeline(config.catalogue, config.changes);
  let baseUrl = '';
  const renderer = (spec: ReplySpec) => () => render(spec, baseUrl);

  const handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const at = nowMs();
    const url = new URL(req.url ?? '/', baseUrl);
    const query = parseBrowseQuery(url.searchParams);
    const browse = url.pathname === BROWSE_PATH && query.ok ? query : null;
    const apiKey = url.searchParams.get('api_key');

    const entry = {
      seq: log.length + 1,
      at,
      page: browse?.page ?? null,
      size: browse?.size ?? null,
      status: null as number | null,
      fault: null as FaultKind | null,
      body: NOTHING_SENT,
    };
    log.push(entry);
    // The catalogue changes with every arriving request, whatever the gateway then answers.
    const catalogue = timeline.arrive(entry.seq, entry.page);
    const reply = (spec: ReplySpec, rate: RateDecision, fault: FaultKind | null = null): void => {
      const rendered = renderer(spec);
      const made = rendered();
      entry.status = made.status;
      entry.body = sentBody(rendered, fault);
      send(res, made, rate, fault);
    };

    if (apiKey === null || apiKey === '')
      return reply({ kind: 'gateway', status: 403, error: KEY_MISSING }, limiter.peek('', at));
    if (rejected.has(apiKey))
      return reply({ kind: 'gateway', status: 403, error: KEY_INVALID }, limiter.peek(apiKey, at));
    const rate = limiter.take(apiKey, at);
    if (!rate.allowed) return reply({ kind: 'gateway', status: 429, error: RATE_LIMITED }, rate);

    const fault = faults.faultFor(entry.seq, entry.page) ?? null;
    entry.fault = fault;
    const application: ReplySpec = { kind: 'application', pathname: url.pathname, query, apiKey, catalogue };
    switch (fault) {
      case '429':
        return reply({ kind: 'gateway', status: 429, error: RATE_LIMITED }, rate);
      case '403':
        return reply({ kind: 'gateway', status: 403, error: KEY_INVALID }, rate);
      case '500':
      case '502':
      case '503':
        return reply({ kind: 'html', status: Number(fault) }, rate);
      case 'reset':
        req.socket.destroy();
        return;
      case 'slow': {
        const timer = setTimeout(() => {
          pendingSlowReplies.delete(timer);
          if (!res.destroyed && !req.socket.destroyed) reply(application, rate, fault);
        }, faults.slowMs);
        pendingSlowReplies.add(timer);
        return;
      }
      default:
        return reply(application, rate, fault);
    }
  };

  const server = http.createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('stand-in did not bind a TCP port');
  baseUrl = `http://127.0.0.1:${address.port}`;

  return {
    url: baseUrl,
    requests: () => log,
    servedNeos: () => servedNeos(log),
    setFaults(plan) {
      faults = createFaultInjector(plan);
    },
    catalogue: () => timeline.current(),
    catalogueChanges: () => timeline.changes(),
    changeCatalogue: (change) => timeline.apply(change, log.length + 1),
    async stop() {
      for (const timer of pendingSlowReplies) clearTimeout(timer);
      pendingSlowReplies.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
