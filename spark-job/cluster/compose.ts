// The command that drives docker-compose-cluster.yml: `docker compose` (v2) where the docker CLI has it,
// else Debian's `docker-compose` (v1). The tests start the same file through testcontainers and ask here.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export const COMPOSE_FILE = 'docker-compose-cluster.yml';

export async function hasComposeV2(): Promise<boolean> {
  return promisify(execFile)('docker', ['compose', 'version']).then(
    () => true,
    () => false,
  );
}

export async function composeCommand(): Promise<[string, ...string[]]> {
  return (await hasComposeV2()) ? ['docker', 'compose'] : ['docker-compose'];
}
