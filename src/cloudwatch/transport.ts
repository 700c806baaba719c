/**
 * Where EMF records go, through aws-embedded-metrics' own sinks: `LocalSink` (stdout, one JSON line per
 * record: what Lambda turns into metrics) or `AgentSink` (TCP or UDP to the CloudWatch agent). The
 * library's environment auto-detection is not used: the adapter picks the sink itself, so nothing here
 * depends on the library's process-wide environment guess.
 */
import { EventEmitter } from "node:events";
import { AgentSink, Configuration, LocalSink, MetricsLogger } from "aws-embedded-metrics";

/** What `MetricsLogger` takes: a function resolving the environment that supplies the sink. */
type EnvironmentProvider = ConstructorParameters<typeof MetricsLogger>[0];
type Environment = Awaited<ReturnType<EnvironmentProvider>>;
type Sink = ReturnType<Environment["getSink"]>;

/** A resolved destination. */
export interface Transport {
  /** For `new MetricsLogger(provider)`. */
  readonly provider: EnvironmentProvider;
  /** Called before each record is written. */
  beforeWrite(): void;
  /** Ends an open agent connection; a later write opens a new one. */
  close(): void;
}

function environment(name: string, logGroupName: string, sink: () => Sink): Environment {
  return {
    probe: () => Promise.resolve(true),
    getName: () => name,
    getType: () => "smithy-resilience",
    getLogGroupName: () => logGroupName,
    // Nothing of the process (function version, trace id, instance id) is added to the records.
    configureContext: () => undefined,
    getSink: sink,
  };
}

/** Standard output, through the library's `LocalSink` (under Lambda's JSON log format it writes to stdout directly). */
export function stdoutTransport(): Transport {
  let sink: Sink | undefined;
  const env = environment(process.env.AWS_LAMBDA_FUNCTION_NAME ?? "local", "", () => (sink ??= new LocalSink()));
  return { provider: () => Promise.resolve(env), beforeWrite: () => undefined, close: () => undefined };
}

/** The parts of aws-embedded-metrics 4.x's private TCP client this module touches, each checked before use. */
interface SocketClientLike {
  socket?: unknown;
  disconnect?: unknown;
}

function socketClientOf(sink: Sink | undefined): SocketClientLike | undefined {
  const client: unknown = (sink as { socketClient?: unknown } | undefined)?.socketClient;
  return typeof client === "object" && client !== null ? (client as SocketClientLike) : undefined;
}

/**
 * The CloudWatch agent, through the library's `AgentSink`; its connection is opened on the first write,
 * not before.
 *
 * A guard for the library's TCP client: in aws-embedded-metrics 4.2.1 it listens for a socket's `error`
 * only while connecting, so a reset of an open connection (the agent restarting or crashing with data
 * unread) is an unhandled `error` event, which ends the process. Before each write the socket gets a
 * listener that reports the error instead; the library then reconnects on the next write. Without a
 * socket of that shape (UDP, or another version of the library) the guard does nothing.
 */
export function agentTransport(endpoint: string, logGroupName: string, logStreamName: string | undefined, onSocketError: (error: unknown) => void): Transport {
  let sink: AgentSink | undefined;
  const createSink = (): AgentSink => {
    // AgentSink reads the endpoint from the library's shared Configuration when it is constructed: set
    // it for that moment only, so other users of the library in the process keep theirs.
    const previous = Configuration.agentEndpoint;
    Configuration.agentEndpoint = endpoint;
    try {
      return new AgentSink(logGroupName, logStreamName);
    } finally {
      Configuration.agentEndpoint = previous;
    }
  };
  const env = environment("agent", logGroupName, () => (sink ??= createSink()));
  const onError = (error: unknown): void => onSocketError(error);
  return {
    provider: () => Promise.resolve(env),
    beforeWrite() {
      sink ??= createSink();
      const socket = socketClientOf(sink)?.socket;
      if (socket instanceof EventEmitter && !socket.listeners("error").includes(onError)) socket.on("error", onError);
    },
    close() {
      const client = socketClientOf(sink);
      // TcpClient.disconnect(reason): removes its listeners, destroys the socket and unrefs it.
      if (client?.socket instanceof EventEmitter && typeof client.disconnect === "function") (client.disconnect as (reason: string) => void).call(client, "closed by smithy-resilience");
    },
  };
}

/** Checks an agent endpoint the way the library will read it; throws a TypeError naming the problem. */
export function checkAgentEndpoint(endpoint: string): void {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new TypeError(`cloudWatchMetrics: agentEndpoint ${JSON.stringify(endpoint)} is not a URL; expected e.g. "tcp://127.0.0.1:25888" or "udp://127.0.0.1:25888".`);
  }
  if (url.protocol !== "tcp:" && url.protocol !== "udp:") {
    throw new TypeError(`cloudWatchMetrics: agentEndpoint ${JSON.stringify(endpoint)}: the protocol must be tcp: or udp:.`);
  }
  if (url.hostname === "" || url.port === "") {
    throw new TypeError(`cloudWatchMetrics: agentEndpoint ${JSON.stringify(endpoint)} needs a host and a port, e.g. "tcp://127.0.0.1:25888".`);
  }
}
