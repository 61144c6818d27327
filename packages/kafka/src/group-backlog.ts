// How far a consumer group is behind on a topic, from the broker's offsets alone (no consumer
// joins): per partition, the high watermark minus the group's committed offset, or minus the low
// watermark when the group never committed there (every consumer of this workspace starts from
// the beginning). The DLQ replay uses it to know what is left to replay; the console's pipeline
// status uses it for consumer lag and the dead letters waiting for the replay tool.
import type { Admin } from 'kafkajs';

export interface PartitionBacklog {
  partition: number;
  low: bigint;
  high: bigint;
  /** the group's committed offset (next to read); -1 when it never committed */
  committed: bigint;
  /** messages from where the group stands (committed, else low) to the high watermark */
  backlog: bigint;
}

export interface TopicBacklog {
  topic: string;
  partitions: PartitionBacklog[];
  /** sum over the partitions */
  backlog: bigint;
}

/** The backlog of `groupId` on each of `topics` (one ListOffsets per topic, one OffsetFetch). */
export async function readGroupBacklog(
  admin: Pick<Admin, 'fetchTopicOffsets' | 'fetchOffsets'>,
  groupId: string,
  topics: readonly string[],
): Promise<TopicBacklog[]> {
  const [watermarks, committed] = await Promise.all([
    Promise.all(topics.map((topic) => admin.fetchTopicOffsets(topic))),
    admin.fetchOffsets({ groupId, topics: [...topics] }),
  ]);
  return topics.map((topic, i) => {
    const done = new Map(
      (committed.find((t) => t.topic === topic)?.partitions ?? []).map((p) => [
        p.partition,
        BigInt(p.offset),
      ]),
    );
    const partitions = (watermarks[i] ?? []).map((o): PartitionBacklog => {
      const low = BigInt(o.low);
      const high = BigInt(o.high);
      const at = done.get(o.partition) ?? -1n;
      const from = at >= 0n ? at : low;
      return {
        partition: o.partition,
        low,
        high,
        committed: at,
        backlog: high > from ? high - from : 0n,
      };
    });
    return { topic, partitions, backlog: partitions.reduce((n, p) => n + p.backlog, 0n) };
  });
}
