// The docker command line, the one way this package talks to Docker: `docker inspect` for what runs where,
// and child processes for the job itself. A missing docker binary or daemon becomes DockerUnavailable.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export class DockerUnavailable extends Error {
  override readonly name = 'DockerUnavailable';
}

export interface ContainerInfo {
  readonly running: boolean;
  readonly mounts: ReadonlyArray<{ readonly source: string; readonly destination: string }>;
  /** Container port ("4040/tcp") -> host port, for ports published on the host. */
  readonly ports: ReadonlyMap<string, number>;
  /** The compose project that made it, if one did. */
  readonly composeProject: string | null;
}

interface InspectJson {
  State?: { Running?: boolean };
  Config?: { Labels?: Record<string, string> | null };
  Mounts?: Array<{ Source?: string; Destination?: string }>;
  NetworkSettings?: { Ports?: Record<string, Array<{ HostPort?: string }> | null> | null };
}

/** The container's state, or null when there is no container by that name. */
export async function inspectContainer(name: string): Promise<ContainerInfo | null> {
  let stdout: string;
  try {
    ({ stdout } = await run('docker', ['inspect', '--type', 'container', name], { encoding: 'utf8' }));
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === 'ENOENT') throw new DockerUnavailable('the docker command is not installed (or not on PATH)');
    if (/no such (object|container)/i.test(failure.stderr ?? '')) return null;
    throw new DockerUnavailable(`docker inspect failed: ${(failure.stderr ?? failure.message).trim()}`);
  }
  const [json] = JSON.parse(stdout) as InspectJson[];
  const ports = new Map<string, number>();
  for (const [port, bindings] of Object.entries(json?.NetworkSettings?.Ports ?? {})) {
    const hostPort = bindings?.[0]?.HostPort;
    if (hostPort !== undefined) ports.set(port, Number(hostPort));
  }
  return {
    running: json?.State?.Running === true,
    mounts: (json?.Mounts ?? []).map((mount) => ({ source: mount.Source ?? '', destination: mount.Destination ?? '' })),
    ports,
    composeProject: json?.Config?.Labels?.['com.docker.compose.project'] ?? null,
  };
}

/** Runs a short docker command; resolves with stdout, rejects with docker's message. */
export async function docker(args: readonly string[]): Promise<string> {
  try {
    return (await run('docker', [...args], { encoding: 'utf8' })).stdout;
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === 'ENOENT') throw new DockerUnavailable('the docker command is not installed (or not on PATH)');
    throw new Error(`docker ${args[0]} failed: ${(failure.stderr ?? failure.message).trim()}`, { cause: error });
  }
}
