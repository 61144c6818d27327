// In-process librdkafka mock Kafka cluster for Node (koffi FFI -> Debian librdkafka1).
//
// A TypeScript port of the verified launcher in /work/shared/reference/mock-kafka.cjs. The mock
// cluster is a real TCP server speaking the Kafka protocol, kept in memory by librdkafka; kafkajs
// talks to it like to any broker. It is for tests and the local demo only: production uses real
// Kafka.
//
//   const mk = startMockKafka({ brokers: 1, topics: { orders: 3 } });
//   mk.bootstrap -> '127.0.0.1:PORT' ; mk.createTopic('x', 6) ; mk.stop()
//
// Limits of the mock (librdkafka 2.0.2, see PLATFORM.md): kafkajs admin calls are not supported
// (create topics here), no idempotent/transactional producer, the first group join has a fixed
// ~3 s delay, consumers should use maxWaitTimeInMs ≈ 100 (the mock holds fetches for the full
// wait), and after a member leaves the rebalance waits sessionTimeout − 1 s.
import koffi from 'koffi';
import type { IKoffiLib } from 'koffi';

export interface StartMockKafkaOptions {
  /** Number of mock brokers (numbered 1..N). Default 1. */
  brokers?: number;
  /** Topics to create up front: name → partition count. */
  topics?: Record<string, number>;
  /** Path of librdkafka.so.1; default `$LIBRDKAFKA`, then the system library. */
  libPath?: string;
  /** librdkafka `debug` contexts (e.g. `mock,protocol`); also raises log_level to 7. */
  debug?: string;
  /** Group initial rebalance delay; only honoured by librdkafka ≥ ~2.4 (fixed ~3 s on 2.0.2). */
  initialRebalanceDelayMs?: number;
}

export interface MockKafka {
  /** `host:port[,host:port…]` of the mock brokers. */
  readonly bootstrap: string;
  /** Bootstrap split into the `brokers` array kafkajs wants. */
  readonly brokers: string[];
  readonly librdkafkaVersion: string;
  /** Whether the controller id could be fixed (librdkafka ≥ ~2.4 only). */
  readonly controllerFixed: boolean;
  createTopic(name: string, partitions?: number, replicationFactor?: number): void;
  /** Idempotent. Destroys the mock cluster and its librdkafka handle. */
  stop(): void;
}

/** An opaque C pointer as koffi hands it to JS. */
type Pointer = object;

interface RdKafkaFns {
  version: () => string;
  confNew: () => Pointer;
  confSet: (conf: Pointer, name: string, value: string, errstr: Buffer, size: number) => number;
  kNew: (type: number, conf: Pointer, errstr: Buffer, size: number) => Pointer | null;
  kDestroy: (rk: Pointer) => void;
  mcNew: (rk: Pointer, brokerCnt: number) => Pointer | null;
  mcBootstraps: (mc: Pointer) => string;
  mcDestroy: (mc: Pointer) => void;
  topicCreate: (mc: Pointer, topic: string, partitions: number, rf: number) => number;
  setApiVersion: (mc: Pointer, apiKey: number, min: number, max: number) => number;
  setController?: (mc: Pointer, id: number) => void;
  setInitialDelay?: (mc: Pointer, ms: number) => void;
}

const DEFAULT_LIB = 'librdkafka.so.1';
const loaded = new Map<string, RdKafkaFns>();

export class LibrdkafkaNotFoundError extends Error {
  constructor(libPath: string, cause: unknown) {
    super(
      `Cannot load librdkafka from "${libPath}" (${cause instanceof Error ? cause.message : String(cause)}). ` +
        'The Kafka mock broker needs the system library: apt-get install -y librdkafka1 ' +
        '(or set LIBRDKAFKA / libPath to a librdkafka.so.1 you built).',
      { cause },
    );
    this.name = 'LibrdkafkaNotFoundError';
  }
}

function optional<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

function load(libPath: string): RdKafkaFns {
  const cached = loaded.get(libPath);
  if (cached) return cached;
  let lib: IKoffiLib;
  try {
    lib = koffi.load(libPath);
  } catch (err) {
    throw new LibrdkafkaNotFoundError(libPath, err);
  }
  // koffi functions are untyped (`(...args: any[]) => any`); the casts give each C prototype its
  // TypeScript signature once, here.
  const fns: RdKafkaFns = {
    version: lib.func('const char *rd_kafka_version_str(void)') as RdKafkaFns['version'],
    confNew: lib.func('void *rd_kafka_conf_new(void)') as RdKafkaFns['confNew'],
    confSet: lib.func(
      'int rd_kafka_conf_set(void *conf, const char *name, const char *value, _Out_ char *errstr, size_t errstr_size)',
    ) as RdKafkaFns['confSet'],
    kNew: lib.func(
      'void *rd_kafka_new(int type, void *conf, _Out_ char *errstr, size_t errstr_size)',
    ) as RdKafkaFns['kNew'],
    kDestroy: lib.func('void rd_kafka_destroy(void *rk)') as RdKafkaFns['kDestroy'],
    mcNew: lib.func(
      'void *rd_kafka_mock_cluster_new(void *rk, int broker_cnt)',
    ) as RdKafkaFns['mcNew'],
    mcBootstraps: lib.func(
      'const char *rd_kafka_mock_cluster_bootstraps(void *mcluster)',
    ) as RdKafkaFns['mcBootstraps'],
    mcDestroy: lib.func(
      'void rd_kafka_mock_cluster_destroy(void *mcluster)',
    ) as RdKafkaFns['mcDestroy'],
    topicCreate: lib.func(
      'int rd_kafka_mock_topic_create(void *mcluster, const char *topic, int partition_cnt, int replication_factor)',
    ) as RdKafkaFns['topicCreate'],
    setApiVersion: lib.func(
      'int rd_kafka_mock_set_apiversion(void *mcluster, int16_t ApiKey, int16_t MinVersion, int16_t MaxVersion)',
    ) as RdKafkaFns['setApiVersion'],
    // only in newer librdkafka (>= ~2.4); undefined on Debian 12's 2.0.2
    setController: optional(
      () =>
        lib.func(
          'void rd_kafka_mock_set_controller_id(void *mcluster, int32_t id)',
        ) as RdKafkaFns['setController'],
    ),
    setInitialDelay: optional(
      () =>
        lib.func(
          'void rd_kafka_mock_group_initial_rebalance_delay_ms(void *mcluster, int32_t ms)',
        ) as RdKafkaFns['setInitialDelay'],
    ),
  };
  loaded.set(libPath, fns);
  return fns;
}

const cString = (buf: Buffer): string => buf.toString('utf8').replace(/\0.*$/s, '');

export function startMockKafka(options: StartMockKafkaOptions = {}): MockKafka {
  const { brokers = 1, topics = {}, debug, initialRebalanceDelayMs = 0 } = options;
  // A test/dev tool: honouring LIBRDKAFKA here keeps it usable from any package without wiring
  // (turbo passes LIBRDKAFKA through, see turbo.json).
  // eslint-disable-next-line no-restricted-properties
  const libPath = options.libPath ?? process.env.LIBRDKAFKA ?? DEFAULT_LIB;
  const f = load(libPath);
  const errstr = Buffer.alloc(512);
  const conf = f.confNew();
  f.confSet(conf, 'log_level', debug ? '7' : '3', errstr, errstr.length);
  if (debug) f.confSet(conf, 'debug', debug, errstr, errstr.length);
  // RD_KAFKA_PRODUCER (0): the handle only hosts the mock cluster. rd_kafka_new takes ownership
  // of conf on success.
  const rk = f.kNew(0, conf, errstr, errstr.length);
  if (!rk) throw new Error('rd_kafka_new failed: ' + cString(errstr));
  const mc = f.mcNew(rk, brokers);
  if (!mc) {
    f.kDestroy(rk);
    throw new Error('rd_kafka_mock_cluster_new failed');
  }
  // mock brokers are numbered 1..N but report ControllerId 0 by default; kafkajs needs a real
  // controller for admin ops and for the idempotent producer's InitProducerId.
  if (f.setController) f.setController(mc, 1);
  if (f.setInitialDelay) f.setInitialDelay(mc, initialRebalanceDelayMs);
  // The mock's LeaveGroup response omits the v3+ Members array; kafkajs then logs a decode error.
  f.setApiVersion(mc, 13 /* LeaveGroup */, 0, 2);

  let stopped = false;
  const createTopic = (name: string, partitions = 1, replicationFactor = 1): void => {
    if (stopped) throw new Error('mock Kafka cluster is stopped');
    const err = f.topicCreate(mc, name, partitions, replicationFactor);
    if (err) throw new Error(`rd_kafka_mock_topic_create(${name}) error ${err}`);
  };
  try {
    for (const [name, partitions] of Object.entries(topics)) createTopic(name, partitions);
  } catch (err) {
    f.mcDestroy(mc);
    f.kDestroy(rk);
    throw err;
  }

  const bootstrap = f.mcBootstraps(mc);
  return {
    librdkafkaVersion: f.version(),
    controllerFixed: f.setController !== undefined,
    bootstrap,
    brokers: bootstrap.split(','),
    createTopic,
    stop() {
      if (stopped) return;
      stopped = true;
      f.mcDestroy(mc);
      f.kDestroy(rk);
    },
  };
}
