// The agent command stream (GET /v1/agent/stream): one long-lived response per agent over which
// this replica pushes commands as they are queued, up to the agent's free slots (its credit).
// A slot is given back when the command's result is stored (on any replica: the store says so on
// the cluster's work channel) or at its deadline. One timer per process serves every stream:
// pings, presence, lapsed leases and re-authentication. On the bare connection the agent sends
// its results back up the same stream (stream-results.ts).
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Context } from 'hono';
import {
  AGENT_STREAM_CONTENT_TYPE,
  AGENT_STREAM_UPGRADE,
  type AgentStreamLine,
  type CommandEnvelope,
} from '@porthole/protocol';
import { describeError } from '@porthole/runtime';
import type { Claimed, WorkNews } from '@porthole/store';
import { bearerToken } from '../auth/credentials.js';
import { takeUpgradedSocket } from '../http-server.js';
import type { AgentStreams, Services } from '../context.js';
import { presenceOf, presenceRefreshMs } from './presence.js';
import { countRedeliveries } from './redeliveries.js';
import { requestHeader } from '../headers.js';
import { agentBodyBytes } from '../body.js';
import { answererOf } from './results.js';
import { ResultsReader } from './stream-results.js';

/** How long an agent holds a command before it is handed to another agent. */
export const LEASE_MS = 15_000;
/** An idle stream says ping this often, so proxies keep it and the agent knows it is alive. */
export const PING_MS = 10_000;
/** The token is checked again this often, so a revoked one loses its stream. */
const REAUTH_MS = 60_000;
/** A stream ends after this and the agent opens the next: connections rebalance over replicas. */
const MAX_STREAM_MS = 10 * 60_000;
const TICK_MS = 1000;

interface Sink {
  write(text: string): void;
  end(): void;
}

class Channel {
  /** Commands pushed and not yet answered (their result post reads them here, not in the store). */
  readonly pushed = new Map<string, CommandEnvelope>();
  private nextLeaseEndAt: number | null = null;
  /** Slots asked for by claims under way: each may come back with as many commands. */
  private reserved = 0;
  /** The fill loop runs once at a time; submissions' own claims may overlap it. */
  private filling = false;
  /** The fill loop found no slot only because claims under way held them: it runs again after. */
  private fillAfterClaims = false;
  private again = false;
  private failed = false;
  private lastWriteAt: number;
  private lastSeenAt: number;
  private lastAuthAt: number;
  private readonly openedAt: number;
  closed = false;
  unlisten: () => void = () => {};

  /** This channel, among its agent instance's channels. */
  readonly id = randomBytes(9).toString('base64url');

  constructor(
    private readonly services: Services,
    readonly clusterId: string,
    /** The agent process that opened it, when it says (older agents do not). */
    private readonly instance: string | null,
    private readonly slots: number,
    private readonly sink: Sink,
    private readonly seen: () => Promise<void>,
    private readonly reauth: () => Promise<boolean>,
    private readonly onClose: (channel: Channel) => void,
  ) {
    const now = services.now();
    this.openedAt = this.lastWriteAt = this.lastSeenAt = this.lastAuthAt = now;
  }

  send(lines: AgentStreamLine[]): void {
    if (this.closed) return;
    this.lastWriteAt = this.services.now();
    // One write for all lines: each write is a syscall.
    this.sink.write(lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
  }

  /**
   * Queues `command` and claims one command for this stream in the same store call, when it has
   * a slot no other claim has asked for; false when it has none, and nothing was queued. The
   * store's refusals (a full queue) reject.
   *
   * One, so that the claims of submissions arriving together overlap instead of each waiting for
   * the one before and then being queued and claimed in two calls more. The claim is the cluster's
   * fair turn, not always `command`; whatever stays queued is announced by the store ('work'),
   * and fill() takes it.
   */
  async queueAndFill(command: CommandEnvelope): Promise<boolean> {
    const free = this.slots - this.pushed.size - this.reserved;
    if (this.closed || this.failed || free <= 0) return false;
    this.reserved++;
    try {
      this.took(await this.services.store.commands.enqueueAndTake(command, 1, LEASE_MS), false);
    } finally {
      this.reserved--;
      if (this.fillAfterClaims && this.reserved === 0) {
        this.fillAfterClaims = false;
        void this.fill();
      }
    }
    return true;
  }

  /** Claims while there is room and work; one claim at a time per stream. */
  async fill(): Promise<void> {
    if (this.filling) {
      this.again = true;
      return;
    }
    this.filling = true;
    try {
      do {
        this.again = false;
        const free = this.slots - this.pushed.size - this.reserved;
        if (free <= 0 || this.closed) {
          if (this.reserved > 0) this.fillAfterClaims = true;
          break;
        }
        this.reserved += free;
        let claimed: Claimed;
        try {
          claimed = await this.services.store.commands.take(this.clusterId, free, LEASE_MS);
        } finally {
          this.reserved -= free;
        }
        if (this.failed) {
          // The store is back, perhaps empty after a restart: say the agent is here at once.
          this.failed = false;
          this.lastSeenAt = 0;
        }
        // A full batch may have left more behind.
        this.took(claimed, claimed.commands.length === free);
      } while (this.again);
    } catch (err) {
      // Retried by the tick; the store being away is logged by whoever answers clients.
      if (!this.failed)
        this.services.logger.warn(
          { err: describeError(err), clusterId: this.clusterId },
          'command stream could not claim; retrying',
        );
      this.failed = true;
    } finally {
      this.filling = false;
    }
  }

  /**
   * Replies come in the order their calls were sent (one connection), so the last one read holds
   * the latest lease end even when claims overlap.
   */
  private took({ commands, nextLeaseEndAt, redelivered }: Claimed, more: boolean): void {
    this.nextLeaseEndAt = nextLeaseEndAt;
    countRedeliveries(this.services, this.clusterId, redelivered);
    if (commands.length > 0) this.push(commands);
    if (more) this.again = true;
  }

  private push(commands: CommandEnvelope[]): void {
    const { metrics, now } = this.services;
    const cluster = metrics.clusterLabel(this.clusterId);
    for (const command of commands) {
      this.pushed.set(command.id, command);
      metrics.queueWait.observe({ cluster }, Math.max(0, now() - command.createdAt) / 1000);
    }
    this.send(commands.map((c) => ({ type: 'command', id: c.id, jws: c.signature })));
  }

  /** Refresh presence on the next tick (after the store came back). */
  seenSoon(): void {
    this.lastSeenAt = 0;
    this.failed = true;
  }

  hear(news: WorkNews): void {
    if (news.kind === 'work') void this.fill();
    else if (news.kind === 'done') {
      if (this.pushed.delete(news.id) && news.queued) void this.fill();
    } else if (
      this.instance !== null &&
      news.instance === this.instance &&
      news.channel !== this.id
    ) {
      // Its agent opened a newer channel (on any replica): this one is dead, however quiet
      // its socket looks, and must not claim the cluster's commands.
      this.close();
    }
  }

  /** The shared timer's turn for this stream. */
  tick(now: number): void {
    let freed = false;
    for (const [id, command] of this.pushed) {
      if (command.deadline > now) continue;
      this.pushed.delete(id);
      freed = true;
    }
    const leaseLapsed = this.nextLeaseEndAt !== null && this.nextLeaseEndAt <= now;
    if (freed || leaseLapsed || this.failed) void this.fill();
    if (now - this.lastWriteAt >= PING_MS) this.send([{ type: 'ping' }]);
    if (now - this.lastSeenAt >= presenceRefreshMs(this.services)) {
      this.lastSeenAt = now;
      this.seen().catch(() => {
        // Tried again next tick: presence is back within a second of the store.
        this.lastSeenAt = 0;
      });
    }
    if (now - this.lastAuthAt >= REAUTH_MS) {
      this.lastAuthAt = now;
      void this.reauth().then(
        (ok) => ok || this.close(),
        () => undefined,
      );
    }
    if (now - this.openedAt >= MAX_STREAM_MS) this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unlisten();
    this.onClose(this);
    try {
      this.sink.end();
    } catch {
      // Already gone with its socket.
    }
  }
}

/** `services` is read lazily: the streams are part of the services they use. */
export function createAgentStreams(servicesOf: () => Services): AgentStreams {
  const open = new Set<Channel>();
  /** Live streams per cluster. */
  const byCluster = new Map<string, Set<Channel>>();
  let timer: NodeJS.Timeout | null = null;
  let watchingShutdown = false;
  const tick = (services: Services) => {
    const now = services.now();
    for (const channel of open) channel.tick(now);
  };
  const closeAll = () => {
    for (const channel of [...open]) channel.close();
  };

  return {
    size: () => open.size,
    holds: (clusterId) => byCluster.has(clusterId),
    pushed(clusterId, id) {
      for (const channel of byCluster.get(clusterId) ?? []) {
        const command = channel.pushed.get(id);
        if (command) return command;
      }
      return undefined;
    },
    async enqueue(command) {
      for (const channel of byCluster.get(command.clusterId) ?? []) {
        if (await channel.queueAndFill(command)) return;
      }
      await servicesOf().store.commands.enqueue(command);
    },
    async open(c, slots, instance) {
      const services = servicesOf();
      if (!watchingShutdown) {
        watchingShutdown = true;
        services.shutdown.addEventListener('abort', closeAll, { once: true });
        // A store that restarted empty has forgotten who is connected: say so again at once.
        const stop = services.store.onReconnect(() => {
          for (const channel of open) channel.seenSoon();
        });
        services.shutdown.addEventListener('abort', stop, { once: true });
      }
      const { clusterId } = c.get('agent');
      const seen = presenceOf(services, c);
      const presented = bearerToken(requestHeader(c, 'authorization'));
      const token = 'token' in presented ? presented.token : '';
      const reauth = async () => {
        const again = await services.auth.agent(token);
        return 'clusterId' in again && again.clusterId === clusterId;
      };
      // Both may fail with the store away: then this is a plain 503 and the agent retries.
      await seen();
      let sink: Sink | null = null;
      const channel = new Channel(
        services,
        clusterId,
        instance,
        slots,
        { write: (text) => sink?.write(text), end: () => sink?.end() },
        seen,
        reauth,
        (closed) => {
          open.delete(closed);
          const siblings = byCluster.get(clusterId);
          siblings?.delete(closed);
          if (siblings?.size === 0) byCluster.delete(clusterId);
          if (open.size === 0 && timer) {
            clearInterval(timer);
            timer = null;
          }
        },
      );
      channel.unlisten = await services.store.commands.watchWork(clusterId, (news) =>
        channel.hear(news),
      );
      if (instance !== null) {
        try {
          await services.store.commands.announceChannel(clusterId, instance, channel.id);
        } catch (err) {
          channel.unlisten();
          throw err;
        }
      }
      if (services.shutdown.aborted) {
        channel.unlisten();
        return new Response(null, { status: 503 });
      }
      open.add(channel);
      const siblings = byCluster.get(clusterId) ?? new Set<Channel>();
      byCluster.set(clusterId, siblings.add(channel));
      if (!timer) {
        timer = setInterval(() => tick(services), TICK_MS);
        timer.unref();
      }
      const opened = openSink(c, () => channel.close());
      sink = opened.sink;
      const resultLineBytes = agentBodyBytes(services.config.maxOutputBytes);
      if (opened.socket)
        new ResultsReader(
          opened.socket,
          channel,
          services,
          answererOf(services, c),
          resultLineBytes,
        );
      const hello: AgentStreamLine = {
        type: 'hello',
        clusterId,
        leaseMs: LEASE_MS,
        pingMs: PING_MS,
        // Only the bare connection carries lines up: a plain response has no way back.
        ...(opened.socket ? { resultLineBytes } : {}),
      };
      channel.send([hello]);
      void channel.fill();
      return opened.response;
    },
  };
}

const STREAM_HEADERS = {
  'content-type': AGENT_STREAM_CONTENT_TYPE,
  'cache-control': 'no-store',
  // nginx (ingress-nginx) passes the stream through unbuffered when it sees this.
  'x-accel-buffering': 'no',
};

const SWITCHED =
  'HTTP/1.1 101 Switching Protocols\r\nconnection: upgrade\r\n' +
  `upgrade: ${AGENT_STREAM_UPGRADE}\r\n` +
  Object.entries(STREAM_HEADERS)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('') +
  '\r\n';

/**
 * Where a stream's lines go, and the response that starts it: the bare connection when the agent
 * asked for it, else the response written straight to the socket (no web-stream layer per line),
 * else (app.request in tests) a web stream. Apart from open(), so that what a held stream keeps
 * is what it writes to, not the request it came in on.
 */
function openSink(
  c: Context,
  onClose: () => void,
): { sink: Sink; response: Response; socket?: Socket } {
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  const socket = outgoing ? takeUpgradedSocket(outgoing, AGENT_STREAM_UPGRADE) : null;
  if (socket) return { sink: socketSink(socket, onClose), response: RESPONSE_ALREADY_SENT, socket };
  if (outgoing) return { sink: responseSink(outgoing, onClose), response: RESPONSE_ALREADY_SENT };
  return webSink(onClose);
}

/**
 * Writes to `to`, held until the end of the turn: the commands and the answers to results that one
 * turn sends a stream (under load, several Redis replies are read at once) leave in one write(2).
 */
function turnWrites(to: Socket | ServerResponse): (text: string) => void {
  return (text) => {
    if (to.writableCorked === 0) {
      to.cork();
      setImmediate(() => to.uncork());
    }
    to.write(text);
  };
}

/** The bare connection: none of Node's HTTP objects stay behind for the stream's life. */
function socketSink(socket: Socket, onClose: () => void): Sink {
  socket.write(SWITCHED);
  socket.on('close', onClose);
  // Node's HTTP server keeps half-open connections open; an agent that is gone is gone.
  if (socket.readableEnded) socket.end();
  else socket.once('end', () => socket.end());
  return { write: turnWrites(socket), end: () => socket.end() };
}

function responseSink(outgoing: ServerResponse, onClose: () => void): Sink {
  outgoing.writeHead(200, STREAM_HEADERS);
  outgoing.on('close', onClose);
  return { write: turnWrites(outgoing), end: () => outgoing.end() };
}

function webSink(onClose: () => void): { sink: Sink; response: Response } {
  const encoder = new TextEncoder();
  let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  const body = new ReadableStream<Uint8Array>({
    start: (ctl) => void (controller = ctl),
    cancel: onClose,
  });
  return {
    sink: {
      write: (text) => controller?.enqueue(encoder.encode(text)),
      end: () => controller?.close(),
    },
    response: new Response(body, { status: 200, headers: STREAM_HEADERS }),
  };
}
