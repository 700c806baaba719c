/**
 * A real redis-server for the tests: `REDIS_URL` when set, else one of our own on a free loopback port
 * (no persistence), started from the `redis-server` binary on PATH. Where neither exists, one line says
 * how to get one and the caller skips its tests.
 */
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { connect, createServer } from "node:net";
import { delimiter, join } from "node:path";

export interface RedisServerHandle {
  /** redis://127.0.0.1:PORT (or REDIS_URL). */
  readonly url: string;
  /** Whether this handle runs the server, so that stop() and restart() act on it (false for REDIS_URL). */
  readonly owned: boolean;
  /** Stops the server (and waits until it has exited); nothing for REDIS_URL. */
  stop(): Promise<void>;
  /** Starts it again on the same port, once it accepts connections; throws for REDIS_URL. */
  restart(): Promise<void>;
}

export interface StartRedisOptions {
  /** Start a server of our own even when REDIS_URL is set (fault tests that stop it). Default false. */
  own?: boolean;
}

const NOT_FOUND = "redis-server not found: install it (apt-get install redis-server) or set REDIS_URL; skipping the Redis tests";
let toldNotFound = false;

function redisServerBinary(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, "redis-server");
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Whether a server on `port` answers PING. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let reply = "";
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk.toString();
      if (reply.includes("\r\n")) done(reply.startsWith("+PONG"));
    });
  });
}

async function waitUntilReady(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server on port ${port} exited with code ${child.exitCode}`);
    if (await answersPing(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`redis-server on port ${port} did not answer within 10 s`);
}

/** Starts redis-server on `port` and waits until it answers. */
async function spawnServer(binary: string, port: number): Promise<ChildProcess> {
  const child = spawn(binary, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"], {
    stdio: "ignore",
  });
  // A test that forgets stop() must not leave a server behind.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  child.once("exit", () => process.removeListener("exit", killOnExit));
  await waitUntilReady(port, child);
  return child;
}

function stopServer(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/**
 * Whether {@link startRedisServer} can give a server (REDIS_URL is set, or redis-server is on PATH), so that
 * a test file can choose `describe` or `describe.skip` when it is loaded; prints the one line when not.
 */
export function redisServerAvailable(options: StartRedisOptions = {}): boolean {
  if ((process.env.REDIS_URL && !options.own) || redisServerBinary()) return true;
  if (!toldNotFound) console.log(NOT_FOUND);
  toldNotFound = true;
  return false;
}

/**
 * A Redis server for a test file: REDIS_URL when set (unless `own`), else a redis-server of our own on a
 * free loopback port. Undefined, after one line on the console, when there is neither.
 */
export async function startRedisServer(options: StartRedisOptions = {}): Promise<RedisServerHandle | undefined> {
  const external = process.env.REDIS_URL;
  if (external && !options.own) {
    return {
      url: external,
      owned: false,
      stop: async () => undefined,
      restart: async () => {
        throw new Error("restart() needs a redis-server of the test's own: call startRedisServer({ own: true })");
      },
    };
  }
  const binary = redisServerBinary();
  if (!binary) {
    if (!toldNotFound) console.log(NOT_FOUND);
    toldNotFound = true;
    return undefined;
  }
  const port = await freePort();
  let child: ChildProcess | undefined = await spawnServer(binary, port);
  return {
    url: `redis://127.0.0.1:${port}`,
    owned: true,
    stop: async () => {
      await stopServer(child);
      child = undefined;
    },
    restart: async () => {
      await stopServer(child);
      child = await spawnServer(binary, port);
    },
  };
}
