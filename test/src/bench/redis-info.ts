// Reads Redis INFO for the benchmark over a short-lived plain connection, counting its own calls
// so they can be taken out of the command statistics it reports.
import { connect } from 'node:net';

/** One RESP reply from the front of `buf`: [value, bytes used], or null while incomplete. */
function parseReply(buf: Buffer): [string | Error, number] | null {
  const eol = buf.indexOf('\r\n');
  if (eol < 0) return null;
  const head = buf.toString('utf8', 1, eol);
  switch (String.fromCharCode(buf[0] ?? 0)) {
    case '+':
    case ':':
      return [head, eol + 2];
    case '-':
      return [new Error(`redis: ${head}`), eol + 2];
    case '$': {
      const len = Number(head);
      if (len < 0) return ['', eol + 2];
      const end = eol + 2 + len;
      if (buf.length < end + 2) return null;
      return [buf.toString('utf8', eol + 2, end), end + 2];
    }
    default:
      return [new Error(`redis: unexpected reply ${JSON.stringify(head.slice(0, 40))}`), eol + 2];
  }
}

/** Encodes a command as a RESP array of bulk strings. */
function encode(args: string[]): string {
  return `*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('');
}

export class RedisInfo {
  private readonly host: string;
  private readonly port: number;
  private readonly auth: string[] | null;
  private readonly own = new Map<string, number>();

  constructor(url: string) {
    const u = new URL(url);
    if (u.protocol !== 'redis:')
      throw new Error(`the bench reads Redis INFO over redis:// only, not ${u.protocol}`);
    this.host = u.hostname || '127.0.0.1';
    this.port = Number(u.port || 6379);
    const password = decodeURIComponent(u.password);
    const user = decodeURIComponent(u.username);
    this.auth = password ? (user ? ['AUTH', user, password] : ['AUTH', password]) : null;
  }

  /** Commands this probe sent, by commandstats name; compare two readings to subtract them. */
  ownCalls(): Map<string, number> {
    return new Map(this.own);
  }

  /** `INFO <section>` as a map of its `key:value` lines. */
  async info(section: string): Promise<Map<string, string>> {
    const commands = [...(this.auth ? [this.auth] : []), ['INFO', section]];
    const replies = await this.send(commands);
    const text = replies.at(-1) ?? '';
    const fields = new Map<string, string>();
    for (const line of text.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith('#'))
        fields.set(line.slice(0, colon), line.slice(colon + 1));
    }
    return fields;
  }

  /** Calls per command (`cmdstat_get:calls=…` → get), subcommands as `config|get`. */
  async commandStats(): Promise<Map<string, number>> {
    const calls = new Map<string, number>();
    for (const [key, value] of await this.info('commandstats')) {
      const n = /(?:^|,)calls=(\d+)/.exec(value)?.[1];
      if (key.startsWith('cmdstat_') && n !== undefined) calls.set(key.slice(8), Number(n));
    }
    return calls;
  }

  private send(commands: string[][]): Promise<string[]> {
    for (const [name] of commands) {
      const key = (name ?? '').toLowerCase();
      this.own.set(key, (this.own.get(key) ?? 0) + 1);
    }
    return new Promise((resolve, reject) => {
      const socket = connect({ host: this.host, port: this.port });
      const replies: string[] = [];
      let buf = Buffer.alloc(0);
      const fail = (err: Error) => {
        socket.destroy();
        reject(err);
      };
      socket.setTimeout(10_000, () => fail(new Error('redis INFO timed out')));
      socket.on('error', fail);
      socket.on('data', (chunk: Buffer) => {
        buf = Buffer.concat([buf, chunk]);
        for (let parsed = parseReply(buf); parsed; parsed = parseReply(buf)) {
          const [value, used] = parsed;
          buf = buf.subarray(used);
          if (value instanceof Error) return fail(value);
          replies.push(value);
          if (replies.length === commands.length) {
            socket.end();
            return resolve(replies);
          }
        }
      });
      socket.write(commands.map(encode).join(''));
    });
  }
}

/** Per-command call deltas between two readings, minus what the probe itself sent. */
export function callDeltas(
  before: Map<string, number>,
  after: Map<string, number>,
  ownBefore: Map<string, number>,
  ownAfter: Map<string, number>,
): Map<string, number> {
  const deltas = new Map<string, number>();
  for (const [name, calls] of after) {
    const own = (ownAfter.get(name) ?? 0) - (ownBefore.get(name) ?? 0);
    const delta = calls - (before.get(name) ?? 0) - own;
    if (delta > 0) deltas.set(name, delta);
  }
  return deltas;
}
