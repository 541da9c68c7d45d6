// Every chaos scenario by its short name, in the order the table lists them.
import type { Row } from './report.js';
import {
  agentKill,
  agentStop,
  drip,
  flood,
  redisClusterMasterKill,
  redisKill,
  replicaKill,
  type ChaosSettings,
} from './scenarios.js';

export const SCENARIOS: ReadonlyArray<[string, (s: ChaosSettings) => Promise<Row>]> = [
  ['agent-kill', agentKill],
  ['agent-stop', agentStop],
  ['replica-kill', replicaKill],
  ['redis-3s', (s) => redisKill(s, s.redisShortSeconds)],
  ['redis-10s', (s) => redisKill(s, s.redisLongSeconds)],
  ['redis-cluster', redisClusterMasterKill],
  ['drip', drip],
  ['flood', flood],
];
