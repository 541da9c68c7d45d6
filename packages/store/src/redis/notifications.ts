// The Redis side of waiting: one subscriber connection shared by every local waiter, with a map
// of local listeners per channel; a channel is subscribed while at least one waiter listens.
import type { Cluster, Redis } from 'ioredis';
import { LOOK_AGAIN, type Listener, type NotificationHub } from '../waiting.js';

interface Channel {
  listeners: Set<Listener>;
  subscribed: Promise<void>;
}

export class RedisNotificationHub implements NotificationHub {
  private readonly channels = new Map<string, Channel>();
  private closed = false;
  private wasReady = false;

  constructor(
    private readonly sub: Redis | Cluster,
    private readonly onError: (err: unknown) => void,
  ) {
    sub.on('message', (channel: string, message: string) => this.deliver(channel, message));
    sub.on('ready', () => {
      // After a reconnect, messages sent while we were away are lost: make every waiter read
      // the store again.
      if (this.wasReady) this.lookAgain();
      this.wasReady = true;
    });
    // On Redis Cluster the subscription moves to another node when its node goes away, with no
    // 'ready' of its own: a node leaving or joining the topology is the sign that messages
    // may have been lost.
    sub.on('-node', () => this.lookAgain());
    sub.on('+node', () => this.lookAgain());
  }

  private lookAgain(): void {
    for (const channel of [...this.channels.keys()]) this.deliver(channel, LOOK_AGAIN);
  }

  async listen(channelName: string, listener: Listener): Promise<() => void> {
    let channel = this.channels.get(channelName);
    if (!channel) {
      const created: Channel = {
        listeners: new Set(),
        subscribed: this.sub.subscribe(channelName).then(() => undefined),
      };
      created.subscribed.catch(() => {
        // The waiters awaiting it get the error; forget the channel so the next one retries.
        if (this.channels.get(channelName) === created) this.channels.delete(channelName);
      });
      this.channels.set(channelName, (channel = created));
    }
    const entry = channel;
    entry.listeners.add(listener);
    const remove = () => {
      if (!entry.listeners.delete(listener) || entry.listeners.size > 0) return;
      if (this.channels.get(channelName) !== entry) return;
      this.channels.delete(channelName);
      // On close the connection goes away with all its subscriptions.
      if (!this.closed) this.sub.unsubscribe(channelName).catch(this.onError);
    };
    try {
      await entry.subscribed;
    } catch (err) {
      remove();
      throw err;
    }
    return remove;
  }

  close(): void {
    this.closed = true;
  }

  /** Channels with at least one local listener (for tests). */
  get channelCount(): number {
    return this.channels.size;
  }

  private deliver(channelName: string, message: string): void {
    const channel = this.channels.get(channelName);
    if (!channel) return;
    for (const listener of [...channel.listeners]) listener(message);
  }
}
